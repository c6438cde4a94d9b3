#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a detached OS thread for a loop that blocks (an accept loop, a periodic broker query): such
/// loops must never run on Swift's cooperative pool.
enum DetachedThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Runs `body` on a new detached thread.
    /// - Returns: 0, or the `pthread_create` error number when no thread could be started.
    static func start(_ body: @escaping @Sendable () -> Void) -> Int32 {
        let argument = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t? = nil
        #endif
        let result = pthread_create(&thread, nil, { argument in
            #if canImport(Glibc)
            Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue().run()
            #else
            Unmanaged<Body>.fromOpaque(argument).takeRetainedValue().run()
            #endif
            return nil
        }, argument)
        if result == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Body>.fromOpaque(argument).release()
        }
        return result
    }
}
