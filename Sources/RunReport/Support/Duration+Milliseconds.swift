extension Duration {
    /// The duration in milliseconds, fractions kept: for timings, timeouts and messages.
    package var inMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
