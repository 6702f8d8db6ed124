#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

#include <zlib.h>

/// `inflateInit` is a macro (it passes ZLIB_VERSION and the stream size), which Swift cannot call.
static inline int CZlib_inflateInit(z_streamp stream) {
    return inflateInit(stream);
}

/// `deflateInit2` is a macro too; PosterJob's ZIP writer uses it for raw DEFLATE (negative window bits).
static inline int CZlib_deflateInit2(z_streamp stream, int level, int method, int windowBits, int memLevel,
                                     int strategy) {
    return deflateInit2(stream, level, method, windowBits, memLevel, strategy);
}

#endif
