#ifndef CISAL_SHIM_H
#define CISAL_SHIM_H

#include <isa-l/igzip_lib.h>

/// The level buffer ISA-L suggests for level 1 (`ISAL_DEF_LVL1_DEFAULT`, a macro expression Swift cannot import).
static const uint32_t CIsal_level1BufferSize = ISAL_DEF_LVL1_DEFAULT;

#endif
