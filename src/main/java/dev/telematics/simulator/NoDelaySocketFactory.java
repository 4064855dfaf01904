package dev.telematics.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets with TCP_NODELAY set. Paho never sets it, so its small PUBACKs and PUBLISHes wait on
 * Nagle's algorithm plus delayed ACKs (see {@code mqtt-performance-notes.md}, item 3).
 *
 * <p>Stateless and thread-safe.
 */
public final class NoDelaySocketFactory extends SocketFactory {

    @Override
    public Socket createSocket() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    private Socket connected(InetSocketAddress address) throws IOException {
        Socket s = createSocket();
        s.connect(address);
        return s;
    }
}
