package dev.telematics.security;

import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The certificate a client presented on the broker's TLS listener, and the identity it names: the
 * subject's common name (CN), which must be the client's MQTT username (a VIN or {@code owner:VIN}).
 * Stateless and thread-safe.
 */
final class ClientCertificates {
    private ClientCertificates() {
    }

    /** The client's certificate, if it connected over TLS and presented one (the broker has checked its chain). */
    static Optional<X509Certificate> presented(ConnectionInformation connection) {
        return connection.getClientTlsInformation().flatMap(ClientTlsInformation::getClientCertificate);
    }

    /** The subject's only CN; empty if the subject has none, or more than one (ambiguous: refused). */
    static Optional<String> commonName(X509Certificate certificate) {
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253));
            List<Rdn> cns = name.getRdns().stream().filter(r -> r.getType().equalsIgnoreCase("CN")).toList();
            return cns.size() == 1 && cns.get(0).getValue() instanceof String cn ? Optional.of(cn) : Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
