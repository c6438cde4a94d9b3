#if canImport(Glibc)
import Glibc
#endif

/// How a worker asks the C allocator to treat large blocks.
///
/// glibc raises its mmap threshold each time a large mapped block is freed (up to 32 MiB on 64-bit), so
/// after one 10 MB message the next ones are carved from the heap arenas and stay resident once freed.
/// A worker that meets an occasional oversized message (kept whole as a dead letter) would then keep its
/// peak size for good. A fixed threshold keeps every block above it mapped on its own and returned to
/// the system when freed; `mallopt` also turns the dynamic adjustment off.
enum MemoryPolicy {
    /// Blocks of this size or more are mapped individually.
    static let mmapThreshold: Int32 = 256 * 1024

    /// `M_MMAP_THRESHOLD` in `<malloc.h>`, which the Glibc module does not export.
    private static let mmapThresholdParameter: Int32 = -3

    static func apply() {
        #if canImport(Glibc)
        // `mallopt` is looked up at run time because `<malloc.h>` is not part of the Glibc module.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(mmapThresholdParameter, mmapThreshold)
        #endif
    }
}
