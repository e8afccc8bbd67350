import Foundation
#if canImport(Glibc)
import Glibc
#endif
