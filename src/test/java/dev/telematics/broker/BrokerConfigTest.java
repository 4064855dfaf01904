package dev.telematics.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.broker.TlsConfig.ClientAuth;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** The config.xml the broker hands HiveMQ: valid against HiveMQ's own schema, passwords intact, limits set. */
class BrokerConfigTest {
    private static final String PASSWORD = "a&b<c>${HOME} \"d'";

    private static BrokerConfig withTls(TlsConfig tls, int maxConnections) {
        return new BrokerConfig("127.0.0.1", 1883, 1000, 1 << 20, 10_000, 20, tls, maxConnections);
    }

    private static Document parse(String xml) throws Exception {
        URL xsd = BrokerConfig.class.getClassLoader().getResource("config.xsd"); // shipped in HiveMQ CE's jar
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd).newValidator()
                .validate(new StreamSource(new StringReader(xml)));
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static String at(Document doc, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, doc);
    }

    @Test
    void tlsListener_withTrustStore_isValidHiveMqConfig_andKeepsPasswordsExactly() throws Exception {
        TlsConfig tls = new TlsConfig(8883, Path.of("/etc/telematics/broker.p12"), PASSWORD, null,
                Path.of("/etc/telematics/cars-ca.p12"), "trust" + PASSWORD, ClientAuth.REQUIRED);
        String xml = withTls(tls, 25_000).toXml();
        assertFalse(xml.contains("${"), "HiveMQ would replace ${...} with an environment variable");
        Document doc = parse(xml);
        assertEquals("8883", at(doc, "/hivemq/listeners/tls-tcp-listener/port"));
        assertEquals("/etc/telematics/broker.p12", at(doc, "//tls/keystore/path"));
        assertEquals(PASSWORD, at(doc, "//tls/keystore/password"));
        assertEquals(PASSWORD, at(doc, "//tls/keystore/private-key-password"), "defaults to the key store's");
        assertEquals("trust" + PASSWORD, at(doc, "//tls/truststore/password"));
        assertEquals("REQUIRED", at(doc, "//tls/client-authentication-mode"));
        assertEquals("1883", at(doc, "/hivemq/listeners/tcp-listener/port"), "the plain listener stays");
        assertEquals("25000", at(doc, "/hivemq/restrictions/max-connections"));
    }

    @Test
    void withoutTls_thereIsOnlyThePlainListener_andNoLimitMeansMinusOne() throws Exception {
        Document doc = parse(withTls(null, 0).toXml());
        assertEquals("", at(doc, "/hivemq/listeners/tls-tcp-listener/port"));
        assertEquals("-1", at(doc, "/hivemq/restrictions/max-connections"));
    }

    @Test
    void connectTimeout_isHiveMqsNoConnectIdleTimeoutInMillis_3sByDefault_andMustBePositive() throws Exception {
        assertEquals("3000", at(parse(withTls(null, 0).toXml()), "/hivemq/restrictions/no-connect-idle-timeout"),
                "HiveMQ's own default would be 10 s");
        BrokerConfig quick = new BrokerConfig("127.0.0.1", 1883, 1000, 1 << 20, 10_000, 20, null, 0,
                BrokerConfig.DEFAULT_ACK_TIMEOUT, Duration.ofMillis(1500));
        assertEquals("1500", at(parse(quick.toXml()), "/hivemq/restrictions/no-connect-idle-timeout"));
        assertThrows(IllegalArgumentException.class, () -> new BrokerConfig("127.0.0.1", 1883, 1000, 1 << 20, 10_000, 20,
                null, 0, BrokerConfig.DEFAULT_ACK_TIMEOUT, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new BrokerConfig("127.0.0.1", 1883, 1000, 1 << 20, 10_000, 20,
                null, 0, BrokerConfig.DEFAULT_ACK_TIMEOUT, null));
    }

    @Test
    void tlsSettings_areCheckedWhenMade_andToStringNeverShowsAPassword() {
        Path store = Path.of("broker.p12");
        assertThrows(IllegalArgumentException.class, () -> new TlsConfig(8883, store, "pw", null, null, null,
                ClientAuth.REQUIRED), "client certificates need a trust store");
        assertThrows(IllegalArgumentException.class, () -> new TlsConfig(8883, store, "pw", null, Path.of("ca.p12"),
                "pw", ClientAuth.NONE), "a trust store without client certificates is a mistake");
        assertThrows(IllegalArgumentException.class, () -> new TlsConfig(8883, store, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> withTls(TlsConfig.withKeyStore(1883, store, "pw"), 0),
                "the TLS listener needs a port of its own");
        assertEquals(ClientAuth.OPTIONAL, TlsConfig.withKeyStore(8883, store, "pw")
                .withTrustStore(Path.of("ca.p12"), "pw", null).clientAuth(), "asked for when a trust store is given");
        String shown = withTls(new TlsConfig(8883, store, PASSWORD, "key" + PASSWORD, Path.of("ca.p12"), "trust" + PASSWORD,
                null), 10).toString();
        assertTrue(shown.contains("broker.p12"), shown);
        assertFalse(shown.contains(PASSWORD), shown);
    }
}
