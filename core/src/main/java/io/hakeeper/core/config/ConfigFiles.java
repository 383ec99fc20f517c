package io.hakeeper.core.config;

import io.hakeeper.core.error.HakeeperException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads configuration as the systems we stand beside write it: Hadoop's site XML ({@code <property><name>..</name>
 * <value>..</value></property>}) and plain {@code key=value} properties files. Later files override earlier ones,
 * as Hadoop layers core-site.xml under hdfs-site.xml, except where an earlier file marked a property
 * {@code <final>true</final>}; then {@code ${var}} references are expanded the way Hadoop's Configuration expands
 * them, so a site file that works for Hadoop means the same here.
 */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** Every file in order; {@code .xml} as Hadoop site XML, anything else as a properties file. */
    public static Map<String, String> read(List<Path> files) {
        Map<String, String> conf = new LinkedHashMap<>();
        Set<String> finals = new HashSet<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw HakeeperException.config("no configuration file at " + f + ": give the path of core-site.xml,"
                        + " hdfs-site.xml or a hakeeper.properties");
            }
            Set<String> finalHere = new HashSet<>();
            Map<String, String> values = f.toString().endsWith(".xml") ? hadoopXml(f, finalHere) : properties(f);
            values.forEach((k, v) -> {
                if (!finals.contains(k)) { // Hadoop ignores (and warns about) an attempt to override a final value
                    conf.put(k, v);
                }
            });
            finals.addAll(finalHere);
        }
        return VariableExpansion.expand(conf);
    }

    /** One site XML file, unexpanded; {@code finals} receives the names marked {@code <final>true</final>}. */
    public static Map<String, String> hadoopXml(Path file, Set<String> finals) {
        Map<String, String> conf = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // no external entities
            javax.xml.parsers.DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e; // reported in our one line; the JDK's default handler would also print it to stderr
                }
            });
            Document doc = builder.parse(in);
            NodeList props = doc.getElementsByTagName("property");
            for (int i = 0; i < props.getLength(); i++) {
                Element p = (Element) props.item(i);
                String name = text(p, "name");
                if (name == null || name.isBlank()) {
                    throw HakeeperException.config(file + ": property #" + (i + 1) + " has no <name>: add one or remove it");
                }
                String value = text(p, "value");
                conf.put(name.trim(), value == null ? "" : value.trim());
                if ("true".equals(text(p, "final") == null ? null : text(p, "final").trim())) {
                    finals.add(name.trim());
                }
            }
        } catch (HakeeperException e) {
            throw e;
        } catch (IOException e) {
            throw HakeeperException.config("cannot read " + file + " (" + e.getMessage() + "): give the path of a site XML file");
        } catch (Exception e) {
            throw HakeeperException.config(file + " is not valid Hadoop configuration XML (" + e.getMessage()
                    + "): fix the XML");
        }
        return conf;
    }

    public static Map<String, String> properties(Path file) {
        Map<String, String> conf = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw HakeeperException.config("cannot read " + file + " (" + e.getMessage() + "): give the path of a"
                    + " properties file");
        }
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw HakeeperException.config(file.getFileName() + " line " + (n + 1) + " '" + line
                        + "' is not key=value: fix or remove it");
            }
            conf.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return conf;
    }

    private static String text(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent();
    }
}
