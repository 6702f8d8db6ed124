#ifndef CCAIRO_SHIM_H
#define CCAIRO_SHIM_H

// Cairo (image, PDF and SVG surfaces) and Pango's Cairo backend, for the Render module.
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#endif
