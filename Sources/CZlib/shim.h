#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

#include <zlib.h>

/// `inflateInit` is a macro (it passes ZLIB_VERSION and the stream size), which Swift cannot call.
static inline int CZlib_inflateInit(z_streamp stream) {
    return inflateInit(stream);
}

/// `deflateInit2` is a macro (it passes ZLIB_VERSION and the stream size), which Swift cannot call.
/// The method is always Z_DEFLATED, the only one zlib has.
static inline int CZlib_deflateInit2(z_streamp stream, int level, int windowBits, int memLevel, int strategy) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, memLevel, strategy);
}

#endif
