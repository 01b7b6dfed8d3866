package io.homeostat.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedLibrariesTest {

    private static final Path FILE = Path.of("/opt/java/lib/libzip.so");

    @Test
    void takesResolvedLibrariesAndTheLoaderButNotTheVdso() {
        String ldd = """
                \tlinux-vdso.so.1 (0x00007ffd3b9f2000)
                \tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007fc145f8f000)
                \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007fc145dad000)
                \t/lib64/ld-linux-x86-64.so.2 (0x00007fc145ff1000)
                """;
        assertEquals(List.of(Path.of("/lib/x86_64-linux-gnu/libz.so.1"), Path.of("/lib/x86_64-linux-gnu/libc.so.6"),
                Path.of("/lib64/ld-linux-x86-64.so.2")), SharedLibraries.parse(ldd, FILE, Set.of()));
    }

    @Test
    void aLibraryOfTheRuntimeItselfMayBeUnresolved() {
        String ldd = "\tlibjvm.so => not found\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n";
        assertEquals(List.of(Path.of("/lib/x86_64-linux-gnu/libc.so.6")),
                SharedLibraries.parse(ldd, FILE, Set.of("libjvm.so")));
    }

    @Test
    void aMissingSystemLibraryFailsNamingItAndTheFileThatNeedsIt() {
        String ldd = "\tlibX11.so.6 => not found\n";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SharedLibraries.parse(ldd, FILE, Set.of("libjvm.so")));
        assertTrue(e.getMessage().contains("libX11.so.6") && e.getMessage().contains("libzip.so"), e.getMessage());
    }
}
