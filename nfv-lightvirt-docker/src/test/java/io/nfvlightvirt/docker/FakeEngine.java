package io.nfvlightvirt.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for dockerd on a unix socket that answers every HTTP request with one fixed status
 * and JSON body, to test how the backend reads an engine's answers (an API too old or too new)
 * without such an engine. Not an engine: it knows nothing else.
 */
final class FakeEngine implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path path;
    private final Thread thread;

    FakeEngine(Path path, int status, String json) throws IOException {
        this.path = path;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        this.thread = new Thread(() -> serve(status, json), "fake-engine");
        thread.setDaemon(true);
        thread.start();
    }

    String uri() {
        return "unix://" + path;
    }

    private void serve(int status, String json) {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                ByteBuffer buf = ByteBuffer.allocate(16384);
                StringBuilder request = new StringBuilder();
                while (!request.toString().contains("\r\n\r\n") && c.read(buf) > 0) {
                    buf.flip();
                    request.append(StandardCharsets.ISO_8859_1.decode(buf));
                    buf.clear();
                }
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                String head = "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n";
                c.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
                c.write(ByteBuffer.wrap(body));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
