#if canImport(Glibc)
package import Glibc
#elseif canImport(Darwin)
package import Darwin
#endif

/// An IPv4 or IPv6 literal that the metrics endpoint binds to. Host names are refused on purpose:
/// resolving one could pick an interface the operator did not mean to expose.
package struct MetricsAddress: Sendable, Hashable {
    private enum Family: Sendable, Hashable {
        case v4(UInt32)
        case v6([UInt8])
    }

    private let family: Family
    /// The address as given, for messages.
    package let text: String

    /// Parses `text`; `nil` when it is not an IPv4 or IPv6 literal.
    package init?(_ text: String) {
        self.text = text
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            family = .v4(v4.s_addr)
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            family = .v6(withUnsafeBytes(of: &v6) { Array($0) })
            return
        }
        return nil
    }

    /// The socket family (`AF_INET` or `AF_INET6`).
    package var domain: Int32 {
        switch family {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    /// Calls `body` with a socket address for this address and `port`, and its length.
    package func withSocketAddress<T>(port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        switch family {
        case .v4(let raw):
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr = in_addr(s_addr: raw)
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6(let bytes):
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: bytes) }
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }
}
