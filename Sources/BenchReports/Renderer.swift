/// Turns one analysed document (a run, a comparison, a history, a recommendation) into one output format. Every
/// command that prints a document prints what one of these returns.
package protocol Renderer<Input>: Sendable {
    associatedtype Input
    func render(_ input: Input) -> String
}
