package io.nfvlightvirt.libvirt.domain;

import io.nfvlightvirt.Ownership;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What marks a libvirt domain as the library's: one element in {@link #NAMESPACE} inside the
 * domain's {@code <metadata>}, carrying {@code managed=true}, the owner, the instance name, the
 * guest kind, the backend's own properties (address, tap, accelerator...) and the user's labels.
 * libvirt keeps it with the domain, so a restarted caller finds its instances again; list and
 * cleanup look only at domains whose element names their owner.
 *
 * <pre>{@code
 * <nfvlv:instance xmlns:nfvlv="https://nfv-lightvirt.io/xmlns/libvirt-domain/1">
 *   <nfvlv:managed>true</nfvlv:managed>
 *   <nfvlv:owner>default</nfvlv:owner>
 *   <nfvlv:name>fw1</nfvlv:name>
 *   <nfvlv:guest-kind>UNIKERNEL</nfvlv:guest-kind>
 *   <nfvlv:property key="ipv4">10.123.4.2</nfvlv:property>
 *   <nfvlv:label key="tier">edge</nfvlv:label>
 * </nfvlv:instance>
 * }</pre>
 *
 * @param owner the owner id (see {@link Ownership#OWNER})
 * @param instance the instance name
 * @param guestKind the guest kind's name
 * @param properties the backend's own facts about the instance
 * @param labels the user's labels
 */
public record DomainMetadata(String owner, String instance, String guestKind, Map<String, String> properties,
        Map<String, String> labels) {

    /** The XML namespace of the library's metadata element; also the key libvirt files it under. */
    public static final String NAMESPACE = "https://nfv-lightvirt.io/xmlns/libvirt-domain/1";
    /** The namespace prefix written. */
    public static final String PREFIX = "nfvlv";
    /** The element's local name. */
    public static final String ELEMENT = "instance";

    private static final DocumentBuilderFactory PARSERS = parsers();
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._/-]{0,127}");

    /** Checks and copies the values. */
    public DomainMetadata {
        Ownership.checkOwner(owner);
        XmlText.check("instance", Objects.requireNonNull(instance, "instance"));
        XmlText.check("guestKind", Objects.requireNonNull(guestKind, "guestKind"));
        properties = checkMap("property", properties);
        labels = checkMap("label", labels);
    }

    private static Map<String, String> checkMap(String what, Map<String, String> m) {
        Objects.requireNonNull(m, what + "s");
        Map<String, String> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k == null || !KEY.matcher(k).matches()) {
                throw new IllegalArgumentException(what + " key must be 1-128 characters of letters, digits and . _ / -, was '" + k + "'");
            }
            copy.put(k, XmlText.check(what + " " + k, v));
        });
        return Map.copyOf(copy);
    }

    /**
     * @param key a property key
     * @return its value
     */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /**
     * @param key a property key
     * @param value its value
     * @return a copy with that property set
     */
    public DomainMetadata withProperty(String key, String value) {
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put(key, value);
        return new DomainMetadata(owner, instance, guestKind, p, labels);
    }

    /** @return the element in {@link #NAMESPACE} as a standalone XML fragment */
    public String toXml() {
        return standalone(true);
    }

    /**
     * @return the element without namespace, as {@code virDomainSetMetadata(ELEMENT, xml, PREFIX,
     *     NAMESPACE)} wants it (libvirt puts it in the namespace itself)
     */
    public String toSetMetadataXml() {
        return standalone(false);
    }

    private String standalone(boolean qualified) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = DomainXmlWriter.OUTPUT.createXMLStreamWriter(out);
            write(w, qualified);
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write metadata XML", e);
        }
        return out.toString();
    }

    /**
     * Writes the element at the writer's current position.
     *
     * @param w an XML writer
     * @throws XMLStreamException when writing fails
     */
    void write(XMLStreamWriter w) throws XMLStreamException {
        write(w, true);
    }

    private void write(XMLStreamWriter w, boolean qualified) throws XMLStreamException {
        start(w, ELEMENT, qualified);
        if (qualified) {
            w.writeNamespace(PREFIX, NAMESPACE);
        }
        text(w, "managed", "true", qualified);
        text(w, "owner", owner, qualified);
        text(w, "name", instance, qualified);
        text(w, "guest-kind", guestKind, qualified);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            keyed(w, "property", e.getKey(), e.getValue(), qualified);
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            keyed(w, "label", e.getKey(), e.getValue(), qualified);
        }
        w.writeEndElement();
    }

    private static void start(XMLStreamWriter w, String name, boolean qualified) throws XMLStreamException {
        if (qualified) {
            w.writeStartElement(PREFIX, name, NAMESPACE);
        } else {
            w.writeStartElement(name);
        }
    }

    private static void text(XMLStreamWriter w, String name, String value, boolean qualified) throws XMLStreamException {
        start(w, name, qualified);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    private static void keyed(XMLStreamWriter w, String name, String key, String value, boolean qualified)
            throws XMLStreamException {
        start(w, name, qualified);
        w.writeAttribute("key", key);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    /**
     * Reads the element back, as libvirt returns it from {@code virDomainGetMetadata} (without its
     * namespace) or inside a whole domain XML (the first element in {@link #NAMESPACE} named
     * {@value #ELEMENT} is used).
     *
     * @param xml the element, or a domain XML containing it
     * @return the metadata, or empty when the XML holds no element of ours or it is not marked managed
     */
    public static Optional<DomainMetadata> parse(String xml) {
        Document doc = parseDocument(xml);
        NodeList found = doc.getElementsByTagNameNS(NAMESPACE, ELEMENT);
        Element root;
        if (found.getLength() > 0) {
            root = (Element) found.item(0);
        } else {
            // virDomainGetMetadata(ELEMENT, NAMESPACE) returns the element stripped of its namespace
            Element top = doc.getDocumentElement();
            if (top.getNamespaceURI() != null || !ELEMENT.equals(top.getLocalName())) {
                return Optional.empty();
            }
            root = top;
        }
        String managed = childText(root, "managed");
        String owner = childText(root, "owner");
        String name = childText(root, "name");
        String kind = childText(root, "guest-kind");
        if (!"true".equals(managed) || owner == null || name == null || kind == null) {
            return Optional.empty();
        }
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ours(e)) {
                if ("property".equals(e.getLocalName())) {
                    props.put(e.getAttribute("key"), e.getTextContent());
                } else if ("label".equals(e.getLocalName())) {
                    labels.put(e.getAttribute("key"), e.getTextContent());
                }
            }
        }
        try {
            return Optional.of(new DomainMetadata(owner, name, kind, props, labels));
        } catch (RuntimeException e) {
            return Optional.empty(); // someone else's element in our namespace, malformed: not ours
        }
    }

    private static String childText(Element parent, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ours(e) && local.equals(e.getLocalName())) {
                return e.getTextContent();
            }
        }
        return null;
    }

    private static boolean ours(Element e) {
        return e.getNamespaceURI() == null || NAMESPACE.equals(e.getNamespaceURI());
    }

    private static DocumentBuilderFactory parsers() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no secure XML parser available", e);
        }
    }

    static Document parseDocument(String xml) {
        try {
            DocumentBuilder b = PARSERS.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.ErrorHandler() {
                @Override
                public void warning(org.xml.sax.SAXParseException e) {
                    // ignored: warnings do not make the document unusable
                }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
