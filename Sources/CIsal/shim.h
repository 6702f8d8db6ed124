#ifndef CISAL_SHIM_H
#define CISAL_SHIM_H

#include <isa-l/igzip_lib.h>
#if defined(__x86_64__)
#include <cpuid.h>
#include <stdatomic.h>
#endif

/// The level buffer ISA-L suggests for level 1 (`ISAL_DEF_LVL1_DEFAULT`, a macro expression Swift cannot import).
static const uint32_t CIsal_level1BufferSize = ISAL_DEF_LVL1_DEFAULT;

/// ISA-L's AVX2 and AVX-512 routines return without `vzeroupper`, leaving the upper halves of the vector registers
/// dirty. Until something clears them, every SSE instruction on that thread pays the AVX–SSE transition penalty:
/// Swift code built for baseline x86-64 (all of its floating point) then runs several times slower. This clears
/// them, where the CPU has AVX (elsewhere ISA-L used none and there is nothing to clear).
static inline void CIsal_clearUpperVectorState(void) {
#if defined(__x86_64__)
    // CPUID is slow (a VM exit under a hypervisor), so its answer is kept; threads may race to store the same value.
    static _Atomic int hasAVX = -1;
    int known = atomic_load_explicit(&hasAVX, memory_order_relaxed);
    if (known < 0) {
        unsigned int eax, ebx, ecx, edx;
        known = __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_AVX) && (ecx & bit_OSXSAVE);
        atomic_store_explicit(&hasAVX, known, memory_order_relaxed);
    }
    if (known) {
        __asm__ volatile("vzeroupper" ::: "memory");
    }
#endif
}

/// `isal_deflate`, then clears the vector state it leaves dirty (see `CIsal_clearUpperVectorState`).
static inline int CIsal_deflate(struct isal_zstream *stream) {
    int status = isal_deflate(stream);
    CIsal_clearUpperVectorState();
    return status;
}

/// `isal_adler32`, then clears the vector state it leaves dirty (see `CIsal_clearUpperVectorState`).
static inline uint32_t CIsal_adler32(uint32_t adler, const unsigned char *bytes, uint64_t count) {
    uint32_t result = isal_adler32(adler, bytes, count);
    CIsal_clearUpperVectorState();
    return result;
}

#endif
