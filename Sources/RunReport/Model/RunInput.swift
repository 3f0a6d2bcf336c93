/// A decoded run with its instances attached: the input of analysis.
///
/// The wire model is already normalised by its lenient decoders (every value either valid or `nil`
/// with a warning), so analysis reads it directly; this type adds what only the whole input knows:
/// which instance belongs to which spec, and the warnings of reading.
package struct RunInput: Sendable {
    var run: Wire.Run
    /// One slot per entry of `run.specs`: its instance, when one was read.
    var instances: [Wire.Instance?]
    /// Whether any instance was read at all (`summary.json` `tests` is empty otherwise).
    var instancesRead: Bool
    /// Warnings of decoding and matching, in a stable order.
    var warnings: [ReportWarning]
}
