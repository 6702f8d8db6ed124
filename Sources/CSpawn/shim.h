#ifndef CSPAWN_SHIM_H
#define CSPAWN_SHIM_H
#include <spawn.h>

/* glibc 2.34+ declares this only under _GNU_SOURCE, which Swift's Glibc module is built without; the
   prototype is glibc's own. Closing every inherited descriptor from `from` up matters because SwiftNIO
   opens its sockets without close-on-exec. */
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
#endif
