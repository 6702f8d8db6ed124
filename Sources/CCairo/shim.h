#ifndef CCAIRO_SHIM_H
#define CCAIRO_SHIM_H

// Cairo (image, PDF and SVG surfaces) and Pango's Cairo backend, for the Render module, plus zlib, which
// Render's PNG encoder uses (Cairo's own PNG writer is libpng at its default level: ~10x slower).
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>
#include <zlib.h>

// deflateInit2 is a macro that passes the header's version and the stream's size; Swift cannot call macros.
static inline int CCairo_deflateInit2(z_streamp stream, int level, int windowBits, int strategy) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, strategy);
}

#endif
