package io.nfvlightvirt.probes.throughput;

import java.security.SecureRandom;
import java.util.Map;

/**
 * Constants of the iperf3 control protocol, from esnet/iperf {@code src/iperf_api.h} (3.12): the
 * state bytes exchanged on the control connection, the cookie, the default block size, and the
 * server's error numbers ({@code i_errno}) with their texts from {@code src/iperf_error.c}.
 */
final class Iperf3Protocol {
    static final int TEST_START = 1;
    static final int TEST_RUNNING = 2;
    static final int TEST_END = 4;
    static final int PARAM_EXCHANGE = 9;
    static final int CREATE_STREAMS = 10;
    static final int SERVER_TERMINATE = 11;
    static final int CLIENT_TERMINATE = 12;
    static final int EXCHANGE_RESULTS = 13;
    static final int DISPLAY_RESULTS = 14;
    static final int IPERF_START = 15;
    static final int IPERF_DONE = 16;
    static final int ACCESS_DENIED = -1;
    static final int SERVER_ERROR = -2;

    /** 36 characters and a NUL, as {@code make_cookie} writes it. */
    static final int COOKIE_SIZE = 37;
    static final int DEFAULT_PORT = 5201;
    static final int DEFAULT_BLOCK_SIZE = 128 * 1024;
    /** Sent as {@code client_version}: the protocol this client follows. */
    static final String CLIENT_VERSION = "3.12";

    private static final String COOKIE_CHARS = "abcdefghijklmnopqrstuvwxyz234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Map<Integer, String> ERRORS = Map.ofEntries(
            Map.entry(5, "test duration too long"),
            Map.entry(6, "number of parallel streams too large"),
            Map.entry(7, "block size too large"),
            Map.entry(102, "unable to start listener for connections"),
            Map.entry(106, "unable to receive cookie at server"),
            Map.entry(109, "control socket has closed unexpectedly"),
            Map.entry(110, "received an unknown control message"),
            Map.entry(114, "unable to receive parameters from client"),
            Map.entry(117, "unable to receive results"),
            Map.entry(119, "the client has terminated"),
            Map.entry(120, "the server has terminated"),
            Map.entry(121, "the server is busy running a test. try again later"),
            Map.entry(124, "unable to set socket buffer size"),
            Map.entry(130, "unable to set socket window size"),
            Map.entry(134, "unable to set TCP_CONGESTION"),
            Map.entry(142, "test authorization failed"),
            Map.entry(144, "idle timeout for receiving data"),
            Map.entry(200, "unable to create a new stream"),
            Map.entry(201, "unable to initialize stream"),
            Map.entry(202, "unable to start stream listener"),
            Map.entry(203, "unable to connect stream"),
            Map.entry(204, "unable to accept stream connection"),
            Map.entry(205, "unable to write to stream socket"),
            Map.entry(206, "unable to read from stream socket"),
            Map.entry(207, "stream socket has closed unexpectedly"),
            Map.entry(208, "stream has an invalid id"));

    private Iperf3Protocol() {}

    /** @return a fresh cookie: 36 characters of [a-z2-7] and a NUL */
    static byte[] cookie() {
        byte[] c = new byte[COOKIE_SIZE];
        for (int i = 0; i < COOKIE_SIZE - 1; i++) {
            c[i] = (byte) COOKIE_CHARS.charAt(RANDOM.nextInt(COOKIE_CHARS.length()));
        }
        c[COOKIE_SIZE - 1] = 0;
        return c;
    }

    /**
     * @param index 0-based position of a stream in the order it was connected
     * @return the id iperf3 gives it: 1, then 3, 4, 5, ... ({@code iperf_add_stream} skips 2)
     */
    static int streamId(int index) {
        return index == 0 ? 1 : index + 2;
    }

    /**
     * @param iErrno the server's {@code i_errno}
     * @param errno the server's {@code errno}
     * @return a readable text
     */
    static String error(int iErrno, int errno) {
        String text = ERRORS.getOrDefault(iErrno, "iperf3 error " + iErrno);
        return text + " (i_errno " + iErrno + (errno != 0 ? ", errno " + errno : "") + ")";
    }

    /**
     * @param state a state byte
     * @return its name in iperf_api.h
     */
    static String stateName(int state) {
        return switch (state) {
            case TEST_START -> "TEST_START";
            case TEST_RUNNING -> "TEST_RUNNING";
            case TEST_END -> "TEST_END";
            case PARAM_EXCHANGE -> "PARAM_EXCHANGE";
            case CREATE_STREAMS -> "CREATE_STREAMS";
            case SERVER_TERMINATE -> "SERVER_TERMINATE";
            case CLIENT_TERMINATE -> "CLIENT_TERMINATE";
            case EXCHANGE_RESULTS -> "EXCHANGE_RESULTS";
            case DISPLAY_RESULTS -> "DISPLAY_RESULTS";
            case IPERF_START -> "IPERF_START";
            case IPERF_DONE -> "IPERF_DONE";
            case ACCESS_DENIED -> "ACCESS_DENIED";
            case SERVER_ERROR -> "SERVER_ERROR";
            default -> "unknown state " + state;
        };
    }
}
