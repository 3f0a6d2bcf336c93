/// Numbers as the report's server-rendered SVG writes them (timeline, balance chart).
enum SVGNumber {
    /// A coordinate with at most one decimal, without a trailing `.0`: short markup for 20,000 bars.
    @inline(__always)
    static func format(_ v: Double) -> String {
        let tenths = Int64((v * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let m = abs(tenths)
        return m % 10 == 0 ? "\(sign)\(m / 10)" : "\(sign)\(m / 10).\(m % 10)"
    }
}
