package io.nfvlightvirt.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.Phase;
import io.nfvlightvirt.Usage;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.testkit.EngineRequirement;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real Unikraft nfvsink unikernel under QEMU through the backend: it answers on the address it was given. */
@Tag("libvirt")
class UnikernelGuestIT {
    /** No unikernel option: the built-in UNIKERNEL image is the one the jar carries. */
    private final BackendConfig config = BackendConfig.defaults().withOwner("it-uk-" + UUID.randomUUID().toString().substring(0, 8));
    private final KvmBackendProvider provider = new KvmBackendProvider();
    private VirtualizationBackend backend;

    @BeforeEach
    void open() {
        EngineRequirement.require(provider, config);
        EngineRequirement.require(Files.isReadable(TestHost.NFVSINK), "test unikernel " + TestHost.NFVSINK);
        backend = provider.open(config);
    }

    @AfterEach
    void cleanUp() {
        if (backend != null) {
            backend.list().forEach(i -> backend.destroy(i.id()));
            backend.close();
        }
    }

    @Test
    void bundledBuiltinUnikernelServesHttpOnItsAddressAndDestroyLeavesNothing() throws Exception {
        VnfInstance i = backend.run(VnfSpec.builder("nfvsink", GuestKind.UNIKERNEL).image(ImageRef.builtin()).memoryMiB(32).build());
        assertThat(i.accelerator()).isIn("kvm", "tcg");
        assertThat(i.timeline()).containsKeys(Phase.CREATE_CALLED, Phase.IMAGE_READY, Phase.CREATED, Phase.START_CALLED, Phase.STARTED);
        String ip = i.ipv4().orElseThrow();

        Tcp.Result http = Tcp.awaitAnswer(ip, 8123, Duration.ofSeconds(30));
        assertThat(http.answer()).isEqualTo(Tcp.Answer.SYN_ACK);
        assertThat(httpGet(ip, 8123)).startsWith("HTTP/1.1 200 OK");
        assertThat(Tcp.awaitAnswer(ip, 9, Duration.ofSeconds(5)).answer()).as("discard port").isEqualTo(Tcp.Answer.SYN_ACK);
        assertThat(Tcp.awaitAnswer(ip, 7, Duration.ofSeconds(5)).answer()).as("closed port").isEqualTo(Tcp.Answer.RST);

        Usage u = backend.usage(i.id());
        assertThat(u.memoryBytes()).isGreaterThan(1L << 20);
        assertThat(backend.imageSizeBytes(i.id())).as("the bundled nfvsink, the same build as the shared one")
                .isEqualTo(Files.size(TestHost.NFVSINK));
        assertThat(backend.imageDescription(i.id())).contains("unikernel-nfvsink-");
        GuestChecks.domainXmlValidates(i);

        backend.destroy(i.id());
        GuestChecks.nothingLeftOf(i);
        assertThat(TestHost.linkExists(new io.nfvlightvirt.libvirt.net.HostNetwork(new io.nfvlightvirt.libvirt.net.IpCommand(),
                KvmBackend.LINK_PREFIX).bridgeName(config.owner()))).as("bridge after the last instance is destroyed").isFalse();
    }

    @Test
    void givenKernelAndCommandLineReachTheGuest() {
        VnfInstance i = backend.run(VnfSpec.builder("nfvsink-args", GuestKind.UNIKERNEL)
                .image(ImageRef.kernel(TestHost.NFVSINK).withCmdline("-- extra-app-arg")).memoryMiB(16).build());
        assertThat(Tcp.awaitAnswer(i.ipv4().orElseThrow(), 8123, Duration.ofSeconds(30)).answer()).isEqualTo(Tcp.Answer.SYN_ACK);
        String xml = TestHost.run("virsh", "dumpxml", i.id()).out();
        assertThat(xml).contains("netdev.ip=" + i.ipv4().get() + "/24:").contains("-- extra-app-arg");
    }

    private static String httpGet(String ip, int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + ip + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(64), StandardCharsets.US_ASCII);
        }
    }
}
