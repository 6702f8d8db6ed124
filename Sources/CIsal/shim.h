#ifndef CISAL_SHIM_H
#define CISAL_SHIM_H

#include <isa-l/igzip_lib.h>
#include <stdlib.h>
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

/// Inflates the whole zlib stream `input` (header and Adler-32 checked) into `output` in one call, with
/// `isal_inflate_stateless` on a state of its own (87 KB, so on the heap), then clears the vector state.
/// Returns ISA-L's status (`ISAL_DECOMP_OK` when it worked; `ISAL_OUT_OVERFLOW` when `output` is too small, a negative
/// `ISAL_INVALID_…` or `ISAL_INCORRECT_CHECKSUM` for bad data, `ISAL_END_INPUT` when the stream is cut short) and
/// stores how many bytes it wrote in `produced`; -100 when the state cannot be allocated.
static inline int CIsal_inflateZlib(
    const uint8_t *input, uint32_t inputCount, uint8_t *output, uint32_t outputCount, uint32_t *produced) {
    struct inflate_state *state = malloc(sizeof(struct inflate_state));
    if (state == NULL) return -100;
    isal_inflate_init(state);
    state->next_in = (uint8_t *)input;
    state->avail_in = inputCount;
    state->next_out = output;
    state->avail_out = outputCount;
    state->crc_flag = ISAL_ZLIB;
    int status = isal_inflate_stateless(state);
    CIsal_clearUpperVectorState();
    *produced = state->total_out;
    free(state);
    return status;
}

#endif
