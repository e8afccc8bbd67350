@testable import BuildEngine
import Foundation
import Testing

/// Which Debian mirror the system's apt is configured with, from real sources files.
struct AptSourcesTests {
    /// /etc/apt/sources.list.d/debian.sources of the Debian 12 image these engines were measured on.
    static let bookwormDeb822 = """
        Types: deb
        # http://snapshot.debian.org/archive/debian/20250520T000000Z
        URIs: http://deb.debian.org/debian
        Suites: bookworm bookworm-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        Types: deb
        # http://snapshot.debian.org/archive/debian-security/20250520T000000Z
        URIs: http://deb.debian.org/debian-security
        Suites: bookworm-security
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        """

    /// /etc/apt/sources.list as Debian 12's installer writes it (netinst, German mirror).
    static let installerOneLine = """
        #deb cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_ - Official amd64 NETINST with firmware 20240210-11:27]/ bookworm contrib main non-free-firmware

        deb http://security.debian.org/debian-security bookworm-security main non-free-firmware
        deb-src http://security.debian.org/debian-security bookworm-security main non-free-firmware

        deb http://ftp.de.debian.org/debian/ bookworm main non-free-firmware
        deb-src http://ftp.de.debian.org/debian/ bookworm main non-free-firmware

        # bookworm-updates, to get updates before a point release is made;
        deb http://ftp.de.debian.org/debian/ bookworm-updates main non-free-firmware
        """

    @Test func deb822StanzasSkipSecurity() {
        let sources = AptSources.parseDeb822(Self.bookwormDeb822)
        #expect(sources.count == 2)
        #expect(sources[0] == AptSource(types: ["deb"], uris: ["http://deb.debian.org/debian"],
                                        suites: ["bookworm", "bookworm-updates"], components: ["main"]))
        #expect(AptSources.debianMirror(in: sources) == "http://deb.debian.org/debian")
    }

    @Test func installerSourcesListPicksTheMainMirrorNotSecurity() {
        let sources = AptSources.parseOneLine(Self.installerOneLine)
        #expect(sources.count == 5, "the cdrom line is a comment")
        #expect(AptSources.debianMirror(in: sources) == "http://ftp.de.debian.org/debian")
    }

    @Test func optionsBlockAndProxyMirror() {
        let text = """
            deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://127.0.0.1:3142/deb.debian.org/debian bookworm main
            """
        #expect(AptSources.debianMirror(in: AptSources.parseOneLine(text)) == "http://127.0.0.1:3142/deb.debian.org/debian")
    }

    @Test func disabledStanzaAndOtherVendorsAreIgnored() {
        let text = """
            Types: deb
            URIs: http://old.example.org/debian
            Suites: bookworm
            Components: main
            Enabled: no

            Types: deb
            URIs: https://deb.nodesource.com/node_20.x
            Suites: nodistro
            Components: main

            types: deb deb-src
            uris: https://mirror.example.net/debian/
            suites: stable
            components: main contrib
            """
        #expect(AptSources.debianMirror(in: AptSources.parseDeb822(text)) == "https://mirror.example.net/debian")
    }

    @Test func ubuntuHasNoDebianMirror() {
        let text = """
            deb http://archive.ubuntu.com/ubuntu/ jammy main restricted
            deb http://security.ubuntu.com/ubuntu jammy-security main restricted
            """
        #expect(AptSources.debianMirror(in: AptSources.parseOneLine(text)) == nil)
    }

    @Test func systemMirrorReadsSourcesListDInOrder() throws {
        let etc = try ScratchDirectory()
        _ = try etc.write("sources.list", "# See sources.list.d\n")
        _ = try etc.write("sources.list.d/google-cloud-sdk.list", "deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main\n")
        _ = try etc.write("sources.list.d/debian.sources", Self.bookwormDeb822)
        _ = try etc.write("sources.list.d/zz.list.disabled", "deb http://wrong.example.org/debian bookworm main\n")
        #expect(AptSources.systemMirror(etcDirectory: etc.path) == "http://deb.debian.org/debian")
        #expect(AptSources.systemMirror(etcDirectory: "\(etc.path)/none") == nil)
    }
}
