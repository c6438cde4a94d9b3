import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way Suivi runs blocking work (librdkafka's poll, libpq calls, an accept loop): on an OS thread
/// of its own, never on Swift's cooperative pool, whose two threads on a two-core machine a blocking call
/// would starve. ``DedicatedThreadExecutor`` runs tasks on such a thread; this starts one for a loop.
public final class DedicatedThread: Sendable {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private let thread: Mutex<pthread_t?>

    private init(_ thread: pthread_t) { self.thread = Mutex(thread) }

    /// Starts `body` on a new thread that nobody waits for.
    /// - Returns: 0, or the `pthread_create` error number when no thread could be started.
    @discardableResult
    public static func detach(_ body: @escaping @Sendable () -> Void) -> Int32 {
        switch create(body) {
        case .success(let thread):
            pthread_detach(thread)
            return 0
        case .failure(let error):
            return error.number
        }
    }

    /// Starts `body` on a new thread that ``join()`` waits for.
    /// - Throws: ``ThreadError`` when no thread could be started.
    public static func start(_ body: @escaping @Sendable () -> Void) throws(ThreadError) -> DedicatedThread {
        DedicatedThread(try create(body).get())
    }

    /// Waits until the thread's body has returned; later calls return at once.
    public func join() {
        let thread = self.thread.withLock { thread in
            defer { thread = nil }
            return thread
        }
        guard let thread else { return }
        pthread_join(thread, nil)
    }

    private static func create(_ body: @escaping @Sendable () -> Void) -> Result<pthread_t, ThreadError> {
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
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(argument).release()
            return .failure(ThreadError(number: result))
        }
        #if canImport(Glibc)
        return .success(thread)
        #else
        return .success(thread!)
        #endif
    }
}

/// No thread could be started: the `pthread_create` error number (EAGAIN: the process's thread limit).
public struct ThreadError: Error, Sendable, CustomStringConvertible {
    public var number: Int32
    public var description: String { "no thread could be started (pthread_create error \(number))" }
}
