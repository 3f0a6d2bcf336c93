/// One column of a CSV file: its header and how to write a row's field.
struct CSVColumn<Row>: Sendable {
    let name: String
    let write: @Sendable (inout CSVWriter, Row) -> Void

    static func text(_ name: String, _ value: @escaping @Sendable (Row) -> String?) -> Self {
        Self(name: name) { w, row in w.text(value(row)) }
    }

    static func number(_ name: String, _ value: @escaping @Sendable (Row) -> Int?) -> Self {
        Self(name: name) { w, row in w.number(value(row)) }
    }

    static func number(_ name: String, _ value: @escaping @Sendable (Row) -> Int64?) -> Self {
        Self(name: name) { w, row in w.number(value(row)) }
    }

    static func bool(_ name: String, _ value: @escaping @Sendable (Row) -> Bool) -> Self {
        Self(name: name) { w, row in w.bool(value(row)) }
    }

    static func timestamp(_ name: String, _ value: @escaping @Sendable (Row) -> Timestamp?) -> Self {
        Self(name: name) { w, row in w.timestamp(value(row)) }
    }
}
