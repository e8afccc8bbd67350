/// A document a command prints, and the formats it can be rendered in. A format missing here has no renderer:
/// the CLI refuses it as a usage error rather than print another format in its place.
package protocol Renderable {
    static var formats: [OutputFormat] { get }
}
