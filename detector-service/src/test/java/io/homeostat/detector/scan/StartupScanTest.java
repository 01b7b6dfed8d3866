package io.homeostat.detector.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.homeostat.runtime.config.StartupGate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The first scheduled scan may fire while start-up is still provisioning; it must not wait a whole interval. */
class StartupScanTest {

    /** A scanner whose scan only counts: what is under test is when it runs, not what it finds. */
    static final class CountingScanner extends DriftScanner {
        int scans;

        @Override
        public synchronized ScanReport scan() {
            scans++;
            return new ScanReport(0, 0, 0, 0, 0, 0, List.of());
        }

        @Override
        void republishStalled() {
        }
    }

    static final class Gate extends StartupGate {
        boolean open;

        @Override
        public boolean isOpen() {
            return open;
        }
    }

    private final CountingScanner scanner = new CountingScanner();
    private final Gate gate = new Gate();

    @BeforeEach
    void wire() {
        scanner.startup = gate;
    }

    @Test
    void aScanSkippedDuringStartUpRunsAtTheFirstPollAfterIt() {
        scanner.scheduledScan();
        scanner.pollDesiredState();
        assertEquals(0, scanner.scans, "nothing is scanned before start-up ends");

        gate.open = true;
        scanner.pollDesiredState();
        assertEquals(1, scanner.scans, "the missed scan runs as soon as start-up has ended");
        scanner.pollDesiredState();
        assertEquals(1, scanner.scans, "and only once");
    }

    @Test
    void withoutAMissedScanThePollWaitsForTheSchedule() {
        gate.open = true;
        scanner.pollDesiredState();
        assertEquals(0, scanner.scans, "no scan has run yet, so there is nothing to compare the desired state with");
        scanner.scheduledScan();
        assertEquals(1, scanner.scans);
    }
}
