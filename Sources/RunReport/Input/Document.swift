import Foundation

/// One saved response: the payload, unwrapped from `{status, data}` when it has the envelope.
struct Document<Payload: Decodable>: Decodable {
    var payload: Payload

    init(from decoder: any Decoder) throws {
        guard let c = try? decoder.container(keyedBy: AnyKey.self) else {
            let found = (try? JSONKind(from: decoder))?.description ?? "an unreadable value"
            throw StrictDecodingFailure(path: "(top level)", message: "expected a JSON object, found \(found)")
        }
        let data = AnyKey(stringValue: "data")
        let errorKey = AnyKey(stringValue: "error")
        if c.contains(data) {
            guard (try? c.decodeNil(forKey: data)) != true,
                (try? c.nestedContainer(keyedBy: AnyKey.self, forKey: data)) != nil
            else {
                if let message = try? c.decode(String.self, forKey: errorKey) { throw EnvelopeFailure(message: message) }
                let found = (try? c.decode(JSONKind.self, forKey: data))?.description ?? "an unreadable value"
                throw StrictDecodingFailure(path: "data", message: "expected an object, found \(found)")
            }
            payload = try c.decode(Payload.self, forKey: data)
        } else if c.contains(errorKey), !c.contains(AnyKey(stringValue: "runId")) {
            let message = (try? c.decode(String.self, forKey: errorKey)) ?? "(no message)"
            throw EnvelopeFailure(message: message)
        } else {
            payload = try Payload(from: decoder)
        }
    }
}
