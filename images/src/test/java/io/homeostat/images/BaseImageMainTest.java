package io.homeostat.images;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BaseImageMainTest {

    private final Path output = Path.of("/repo/target/images/homeostat-base-jre.tar");

    @Test
    void buildsOnlyWhenTheBaseImageIsTheTarItWrites() {
        assertTrue(BaseImageMain.isThisTar("tar:///repo/target/images/homeostat-base-jre.tar", output));
        assertTrue(BaseImageMain.isThisTar("tar:///repo/target/images/../images/homeostat-base-jre.tar", output));
        assertFalse(BaseImageMain.isThisTar("eclipse-temurin:17-jre", output), "a registry base: nothing to build");
        assertFalse(BaseImageMain.isThisTar("tar:///elsewhere/base.tar", output), "someone else's tar");
    }
}
