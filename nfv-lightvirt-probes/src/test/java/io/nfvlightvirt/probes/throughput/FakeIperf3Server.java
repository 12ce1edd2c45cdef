package io.nfvlightvirt.probes.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scripted stand-in for an iperf3 server on loopback, for unit tests of the client's protocol
 * logic (the real server is exercised by the integration tests). Each test gives the script.
 */
final class FakeIperf3Server implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    interface Script {
        void run(FakeIperf3Server s, Socket control) throws Exception;
    }

    private final ServerSocket listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    FakeIperf3Server(Script script) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket c = listener.accept()) {
                script.run(this, c);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "fake-iperf3");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    Socket accept() throws IOException {
        return listener.accept();
    }

    static String readCookie(Socket s) throws IOException {
        byte[] b = new DataInputStream(s.getInputStream()).readNBytes(37);
        return new String(b, StandardCharsets.US_ASCII);
    }

    static void state(Socket s, int state) throws IOException {
        s.getOutputStream().write(state);
        s.getOutputStream().flush();
    }

    static int readState(Socket s) throws IOException {
        return s.getInputStream().read();
    }

    static JsonNode readJson(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int len = in.readInt();
        return JSON.readTree(in.readNBytes(len));
    }

    static void writeJson(Socket s, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(b.length);
        out.write(b);
        out.flush();
    }

    /** Waits for the script and rethrows what it threw. */
    void await() throws Exception {
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
