/// Work in pieces: statements with a bounded number of rows, transactions of a bounded size.
extension Array {
    public func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
