#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

#include <zlib.h>

/// `inflateInit` is a macro (it passes ZLIB_VERSION and the stream size), which Swift cannot call.
static inline int CZlib_inflateInit(z_streamp stream) {
    return inflateInit(stream);
}

#endif
