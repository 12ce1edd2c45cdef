package io.nfvlightvirt.probes.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The iperf3 control connection: state bytes, and JSON framed by a 4-byte big-endian length
 * ({@code JSON_write}/{@code JSON_read} in iperf_api.c). Non-blocking underneath, with deadlines.
 */
final class Control implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_JSON = 16 << 20;

    private final SocketChannel ch;
    private final Selector readSel;
    private final Selector writeSel;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

    Control(SocketChannel ch) throws IOException {
        this.ch = ch;
        ch.configureBlocking(false);
        this.readSel = Selector.open();
        this.writeSel = Selector.open();
        ch.register(readSel, SelectionKey.OP_READ);
        ch.register(writeSel, SelectionKey.OP_WRITE);
        in.flip();
    }

    SocketChannel channel() {
        return ch;
    }

    /**
     * Reads whatever is available without waiting.
     *
     * @return false when the peer closed the connection
     * @throws IOException on a reset
     */
    boolean fill() throws IOException {
        in.compact();
        try {
            int n = ch.read(in);
            return n >= 0;
        } finally {
            in.flip();
        }
    }

    /** @return whether a byte is buffered */
    boolean buffered() {
        return in.hasRemaining();
    }

    /** @return the next buffered byte, as a signed state */
    int nextBuffered() {
        return in.get();
    }

    /**
     * @param deadline System.nanoTime() deadline
     * @return the next state byte (signed)
     * @throws EOFException when the peer closed first
     * @throws java.util.concurrent.TimeoutException when none came by the deadline
     */
    int readState(long deadline) throws IOException, java.util.concurrent.TimeoutException {
        need(1, deadline);
        return in.get();
    }

    byte[] readFully(int n, long deadline) throws IOException, java.util.concurrent.TimeoutException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            need(1, deadline);
            int k = Math.min(in.remaining(), n - off);
            in.get(b, off, k);
            off += k;
        }
        return b;
    }

    int readInt(long deadline) throws IOException, java.util.concurrent.TimeoutException {
        byte[] b = readFully(4, deadline);
        return ByteBuffer.wrap(b).getInt();
    }

    JsonNode readJson(long deadline) throws IOException, java.util.concurrent.TimeoutException {
        int len = readInt(deadline);
        if (len < 0 || len > MAX_JSON) {
            throw new IOException("bad JSON length " + len + " on the iperf3 control connection");
        }
        return JSON.readTree(readFully(len, deadline));
    }

    private void need(int n, long deadline) throws IOException, java.util.concurrent.TimeoutException {
        while (in.remaining() < n) {
            if (!fill()) {
                throw new EOFException("the iperf3 server closed the control connection");
            }
            if (in.remaining() >= n) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new java.util.concurrent.TimeoutException();
            }
            Connections.select(readSel, Math.max(1, left / 1_000_000));
            readSel.selectedKeys().clear();
        }
    }

    void writeState(int state, long deadline) throws IOException, java.util.concurrent.TimeoutException {
        write(new byte[] {(byte) state}, deadline);
    }

    void writeJson(JsonNode node, long deadline) throws IOException, java.util.concurrent.TimeoutException {
        byte[] body = JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + body.length);
        b.putInt(body.length).put(body);
        write(b.array(), deadline);
    }

    void write(byte[] bytes, long deadline) throws IOException, java.util.concurrent.TimeoutException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
            if (!b.hasRemaining()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new java.util.concurrent.TimeoutException();
            }
            Connections.select(writeSel, Math.max(1, left / 1_000_000));
            writeSel.selectedKeys().clear();
        }
    }

    static ObjectMapper json() {
        return JSON;
    }

    @Override
    public void close() {
        Connections.close(readSel);
        Connections.close(writeSel);
        Connections.close(ch);
    }
}
