package io.nfvlightvirt.docker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in engine address for tests: forwards a unix socket or a loopback TCP port to the real
 * Docker socket, and can be stopped (closing every connection and removing its socket file) to
 * make the engine "go away" for a backend opened through it without touching the shared dockerd.
 * In black-hole mode it accepts connections and never answers.
 */
final class EngineProxy implements AutoCloseable {
    private static final Path ENGINE = Path.of("/var/run/docker.sock");

    private final ServerSocketChannel server;
    private final Path unixPath;
    private final boolean blackHole;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean stopped;

    private EngineProxy(ServerSocketChannel server, Path unixPath, boolean blackHole) {
        this.server = server;
        this.unixPath = unixPath;
        this.blackHole = blackHole;
        this.acceptor = new Thread(this::acceptLoop, "engine-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return a proxy on a new unix socket at {@code path} */
    static EngineProxy unix(Path path, boolean blackHole) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        return new EngineProxy(s, path, blackHole);
    }

    /** @return a proxy on a free port of 127.0.0.1 */
    static EngineProxy loopbackTcp() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.INET);
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        return new EngineProxy(s, null, false);
    }

    /** @return the engine URI to open a backend with */
    String uri() throws IOException {
        if (unixPath != null) {
            return "unix://" + unixPath;
        }
        InetSocketAddress a = (InetSocketAddress) server.getLocalAddress();
        return "tcp://127.0.0.1:" + a.getPort();
    }

    private void acceptLoop() {
        while (!stopped) {
            try {
                SocketChannel client = server.accept();
                open.add(client);
                if (blackHole) {
                    continue;
                }
                SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                engine.connect((SocketAddress) UnixDomainSocketAddress.of(ENGINE));
                open.add(engine);
                pump(client, engine);
                pump(engine, client);
            } catch (IOException e) {
                if (!stopped) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                    buf.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "engine-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops listening, cuts every connection and removes the socket file: the engine is gone. */
    @Override
    public void close() throws IOException {
        stopped = true;
        server.close();
        for (SocketChannel c : open) {
            closeQuietly(c);
        }
        if (unixPath != null) {
            Files.deleteIfExists(unixPath);
        }
    }
}
