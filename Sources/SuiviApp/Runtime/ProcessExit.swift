#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How Suivi's executables end (a worker once its service group has returned, the `suivi` CLI once its
/// command has run or failed): standard I/O flushed, then `_exit`, which ends every thread at once without
/// running the process's exit handlers.
///
/// `exit` runs `atexit` handlers and static destructors while the other threads still run, and a worker
/// always has some: its dedicated threads are detached and finish (thread-local destructors included)
/// after the service returns, and libdispatch's pool threads are nobody's to join. One of those handlers
/// is `OPENSSL_cleanup`, which OpenSSL registers when the first `rd_kafka_new` (on the worker's loop thread)
/// initialises libcurl and through it OpenSSL. It frees every thread's OpenSSL state while the loop thread,
/// just released, frees its own in its thread-local destructor: the same blocks freed twice, and glibc
/// aborted the projector after "projector stopped" (`malloc_consolidate(): invalid chunk size`, about one
/// stop in 2,000). OpenSSL forbids `OPENSSL_cleanup` while other threads use it (openssl/openssl#6214).
///
/// Skipping the handlers loses nothing: they only free memory, which the kernel takes back anyway. What
/// matters is done before: a graceful stop has committed or rolled back the batch in hand, closed the
/// consumer (left the group), flushed the producer and closed the connections. Log lines are written with
/// `write(2)` or to stderr, and `fflush` covers anything still buffered. The CLI's commands finish their
/// work (a producer flushed, a transaction committed, a file written) before they return or fail.
public enum ProcessExit {
    public static func now(_ status: Int32) -> Never {
        fflush(nil)
        _exit(status)
    }
}
