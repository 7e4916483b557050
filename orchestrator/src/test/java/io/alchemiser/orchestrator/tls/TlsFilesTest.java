package io.alchemiser.orchestrator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CA, the certificates it issues, and the checks a node makes of its TLS files at start. */
class TlsFilesTest {

  private static ConfigReader tls(Path cert, Path key, Path ca) {
    JsonObject section = new JsonObject();
    if (cert != null) {
      section.put("cert", cert.toString());
    }
    if (key != null) {
      section.put("key", key.toString());
    }
    if (ca != null) {
      section.put("ca", ca.toString());
    }
    return ConfigReader.root(new JsonObject().put("cluster", new JsonObject().put("tls", section))).section("cluster").section("tls");
  }

  @Test
  void issuedCertificatesChainToTheCaServeBothEndsAndAreCheckedAtStart() throws Exception {
    Path dir = Files.createTempDirectory("alchemiser-certs");
    CertificateAuthority ca = CertificateAuthority.init(dir, "test CA", Duration.ofDays(10));
    Path[] node = ca.issue(dir, "node-a", List.of("10.0.0.5", "node-a.example.org"), Duration.ofDays(5));
    X509Certificate certificate = PemFiles.readCertificate(node[0]);
    certificate.verify(ca.certificate().getPublicKey());
    assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(certificate.getSubjectAlternativeNames()).extracting(name -> name.get(1).toString())
        .containsExactlyInAnyOrder("node-a", "10.0.0.5", "node-a.example.org");
    assertThat(Files.getPosixFilePermissions(node[1])).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(dir.resolve(CertificateAuthority.CA_KEY))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    Path caCert = dir.resolve(CertificateAuthority.CA_CERT);
    assertThat(TlsFiles.from(tls(node[0], node[1], caCert), true)).isEqualTo(new TlsFiles(node[0], node[1], caCert));

    // Refused: a second CA over the first, a file twice, a key that is not the certificate's, another CA's certificate.
    assertThatThrownBy(() -> CertificateAuthority.init(dir, "again", Duration.ofDays(1))).hasMessageContaining("exists already");
    assertThatThrownBy(() -> ca.issue(dir, "node-a", List.of(), Duration.ofDays(1))).hasMessageContaining("exists already");
    Path[] other = ca.issue(dir, "node-b", List.of(), Duration.ofDays(1));
    assertThatThrownBy(() -> TlsFiles.from(tls(node[0], other[1], caCert), true))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.tls.key").hasMessageContaining("is not the key of");
    Path foreignDir = Files.createTempDirectory("alchemiser-foreign");
    CertificateAuthority foreign = CertificateAuthority.init(foreignDir, "foreign", Duration.ofDays(1));
    Path[] stranger = foreign.issue(foreignDir, "stranger", List.of(), Duration.ofDays(1));
    assertThatThrownBy(() -> TlsFiles.from(tls(stranger[0], stranger[1], caCert), true))
        .hasMessageContaining("cluster.tls.cert").hasMessageContaining("was not issued by the CA");
    assertThatThrownBy(() -> TlsFiles.from(tls(node[0], null, caCert), true)).hasMessageContaining("cluster.tls.key").hasMessageContaining("required");
    assertThatThrownBy(() -> TlsFiles.from(tls(node[0], node[1], null), true)).hasMessageContaining("cluster.tls.ca");
    assertThatThrownBy(() -> TlsFiles.from(tls(caCert, caCert, caCert), true)).hasMessageContaining("is not a PEM private key");
    assertThatThrownBy(() -> TlsFiles.from(tls(dir.resolve("missing.crt"), node[1], caCert), true)).hasMessageContaining("cannot read");
    assertThat(TlsFiles.from(tls(null, null, null), true)).isNull();
    // While the CA changes, ca.crt holds both: certificates of either pass.
    Path bundle = Files.createTempFile("alchemiser-ca-bundle", ".crt");
    Files.writeString(bundle, Files.readString(caCert) + Files.readString(foreignDir.resolve(CertificateAuthority.CA_CERT)));
    assertThat(TlsFiles.from(tls(stranger[0], stranger[1], bundle), true)).isNotNull();
    assertThat(TlsFiles.from(tls(node[0], node[1], bundle), true)).isNotNull();
  }
}
