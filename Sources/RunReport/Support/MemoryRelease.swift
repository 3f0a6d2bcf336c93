#if canImport(Glibc)
    import Glibc
#endif

/// glibc's allocator keeps freed memory for reuse rather than giving it back, which for runreport's
/// shape of work — a large model decoded, a second one built from it, then reports rendered into
/// big buffers — makes peak RSS the sum of the phases rather than their maximum. So once the wire
/// model is dropped and the reports are about to be rendered (``prepareForRendering()``):
///
/// - the free pages of every heap arena go back to the system (`malloc_trim`);
/// - the mmap threshold is fixed at 256 KiB: a block that large (a report's 1 MiB chunks, a JUnit
///   part) is mapped on its own and unmapped when freed. By default glibc raises the threshold to
///   the size of each large block freed (up to 32 MiB), after which such blocks come from the heap
///   and stay resident once freed: the chunks of a 160 MB `summary.json` then stayed in RSS while
///   their joined copy was made (227 MB test-dense run: 695 MB peak without, 540 MB with).
///
/// Not from the start: while files decode, the decoder's buffers grow through megabyte sizes for
/// every file, and mapping each afresh cost that run 0.8 s more system time (a 12 % longer report)
/// for no less memory; the dynamic threshold reuses heap memory there.
///
/// Elsewhere (macOS) this does nothing.
package enum MemoryRelease {
    /// From rendering on, blocks of this size or more are mapped and unmapped on their own.
    static let mmapThreshold: Int32 = 256 << 10

    #if canImport(Glibc)
        /// `<malloc.h>` is not part of the Glibc module, so its two functions are looked up by name.
        private static let mallopt: (@convention(c) (Int32, Int32) -> Int32)? = symbol("mallopt")
        private static let mallocTrim: (@convention(c) (Int) -> Int32)? = symbol("malloc_trim")
        /// `M_MMAP_THRESHOLD` in `<malloc.h>`.
        private static let mmapThresholdParameter: Int32 = -3

        private static func symbol<F>(_ name: String) -> F? {
            guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(address, to: F.self)
        }
    #endif

    /// Returns freed memory to the system and fixes the mmap threshold (see above). Safe to call
    /// more than once; the threshold is set on the first call.
    package static func prepareForRendering() {
        #if canImport(Glibc)
            _ = mallocTrim?(0)
            _ = thresholdSet
        #endif
    }

    private static let thresholdSet: Bool = {
        #if canImport(Glibc)
            _ = mallopt?(mmapThresholdParameter, mmapThreshold)
        #endif
        return true
    }()
}
