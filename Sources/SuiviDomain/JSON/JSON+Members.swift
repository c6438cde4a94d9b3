extension JSON {
    /// The members of a JSON object, kept sorted by name in UTF-8 byte order (RFC 8785's order for the names
    /// Suivi writes).
    ///
    /// A sorted array rather than a dictionary: objects here hold a dozen members or fewer, so finding a name
    /// by binary search costs less than hashing it, building an object costs one allocation, and writing its
    /// canonical form needs no sort. Names are ordered by their bytes and found by Swift's string equality;
    /// two spellings of one name that differ in bytes but that Unicode takes as equivalent (no name Suivi
    /// knows has one) are not reconciled.
    public struct Members: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
        struct Member: Sendable, Hashable {
            var key: String
            var value: JSON
        }

        private var storage: [Member]

        public typealias Element = (key: String, value: JSON)
        public typealias Index = Int

        public init() { storage = [] }

        /// Members already sorted by name and distinct: what the parser and the literal initializer give.
        init(sorted storage: [Member]) { self.storage = storage }

        /// The members of a dictionary.
        public init(_ dictionary: [String: JSON]) {
            storage = dictionary.map { Member(key: $0.key, value: $0.value) }
            storage.sort { JSON.precedes($0.key, $1.key) }
        }

        /// Members from pairs; a name given twice keeps its last value.
        public init<S: Sequence>(uniqueKeysWithValues pairs: S) where S.Element == (String, JSON) {
            self.init()
            for (key, value) in pairs { self[key] = value }
        }

        public init(dictionaryLiteral elements: (String, JSON)...) {
            self.init(uniqueKeysWithValues: elements)
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { storage.count }
        public subscript(position: Int) -> Element { (storage[position].key, storage[position].value) }

        /// The names, in their sorted order.
        public var keys: [String] { storage.map(\.key) }

        /// The values, in the order of their names.
        public var values: [JSON] { storage.map(\.value) }

        /// The place of the member named `key`, if there is one.
        public func index(forKey key: String) -> Int? {
            let place = lowerBound(key)
            return place < storage.count && storage[place].key == key ? place : nil
        }

        /// The value of the member named `key`; setting nil removes the member.
        public subscript(key: String) -> JSON? {
            get { index(forKey: key).map { storage[$0].value } }
            set {
                let place = lowerBound(key)
                let found = place < storage.count && storage[place].key == key
                switch (found, newValue) {
                case (true, let value?): storage[place].value = value
                case (true, nil): storage.remove(at: place)
                case (false, let value?): storage.insert(Member(key: key, value: value), at: place)
                case (false, nil): break
                }
            }
        }

        /// Sets the member named `key`, returning the value it replaced.
        @discardableResult
        public mutating func updateValue(_ value: JSON, forKey key: String) -> JSON? {
            let old = self[key]
            self[key] = value
            return old
        }

        /// The members with each value transformed.
        public func mapValues(_ transform: (JSON) throws -> JSON) rethrows -> Members {
            Members(sorted: try storage.map { Member(key: $0.key, value: try transform($0.value)) })
        }

        /// The members for which `isIncluded` holds.
        public func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> Members {
            Members(sorted: try storage.filter { try isIncluded(($0.key, $0.value)) })
        }

        /// Adds `other`'s members, combining the values of a name found in both.
        public mutating func merge(_ other: Members, uniquingKeysWith combine: (JSON, JSON) throws -> JSON) rethrows {
            for member in other.storage {
                if let place = index(forKey: member.key) {
                    storage[place].value = try combine(storage[place].value, member.value)
                } else {
                    self[member.key] = member.value
                }
            }
        }

        /// These members with `other`'s added, combining the values of a name found in both.
        public func merging(
            _ other: Members, uniquingKeysWith combine: (JSON, JSON) throws -> JSON
        ) rethrows -> Members {
            var merged = self
            try merged.merge(other, uniquingKeysWith: combine)
            return merged
        }

        public mutating func reserveCapacity(_ count: Int) { storage.reserveCapacity(count) }

        /// The first place whose name does not come before `key` in byte order.
        private func lowerBound(_ key: String) -> Int {
            var low = 0
            var high = storage.count
            while low < high {
                let middle = (low + high) / 2
                if JSON.precedes(storage[middle].key, key) { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }
}

extension JSON.Members: CustomStringConvertible {
    public var description: String {
        "[" + storage.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "]"
    }
}
