package io.alchemiser.orchestrator.tls;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Date;

/**
 * The PEM files of one TLS end ({@code cluster.tls} or {@code web.tls}): a certificate, its key and,
 * for mutual TLS, the CA every peer's certificate must come from. Checked when read, so that a wrong
 * file stops the start naming the key, instead of failing later inside a handshake.
 */
public record TlsFiles(Path cert, Path key, Path ca) {

  /**
   * The files under {@code section}, or null when none is set. {@code needsCa}: the CA is required
   * too (mutual TLS), and the certificate must come from it.
   */
  public static TlsFiles from(ConfigReader section, boolean needsCa) {
    String cert = section.string("cert", null);
    String key = section.string("key", null);
    String ca = section.string("ca", null);
    if (cert == null && key == null && ca == null) {
      return null;
    }
    if (cert == null || key == null || (needsCa && ca == null)) {
      throw new ConfigException(section.key(cert == null ? "cert" : key == null ? "key" : "ca"),
          "is required with the other " + section.key("") + "* settings (" + (needsCa ? "cert, key and ca" : "cert and key") + ")");
    }
    TlsFiles files = new TlsFiles(Path.of(cert), Path.of(key), ca == null ? null : Path.of(ca));
    files.check(section);
    return files;
  }

  private void check(ConfigReader section) {
    X509Certificate certificate = readable(section, "cert", cert, () -> PemFiles.readCertificate(cert));
    PrivateKey privateKey = readable(section, "key", key, () -> PemFiles.readPrivateKey(key));
    try {
      certificate.checkValidity(new Date());
    } catch (GeneralSecurityException e) {
      throw new ConfigException(section.key("cert"), cert + " is not valid now (" + certificate.getNotBefore() + " to "
          + certificate.getNotAfter() + "): issue a new one with 'alchemiser certs node'");
    }
    if (!matches(privateKey, certificate)) {
      throw new ConfigException(section.key("key"), key + " is not the key of " + cert);
    }
    if (ca != null) {
      java.util.List<X509Certificate> authorities = readable(section, "ca", ca, () -> PemFiles.readCertificates(ca));
      if (authorities.stream().noneMatch(authority -> issued(certificate, authority))) {
        throw new ConfigException(section.key("cert"), cert + " was not issued by the CA of " + ca);
      }
    }
  }

  private static boolean issued(X509Certificate certificate, X509Certificate authority) {
    try {
      certificate.verify(authority.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private interface Reader<T> {
    T read() throws IOException, GeneralSecurityException;
  }

  private static <T> T readable(ConfigReader section, String name, Path file, Reader<T> reader) {
    if (!Files.isReadable(file)) {
      throw new ConfigException(section.key(name), "cannot read " + file);
    }
    try {
      return reader.read();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new ConfigException(section.key(name), file + " is not a PEM " + (name.equals("key") ? "private key" : "certificate")
          + ": " + e.getMessage());
    }
  }

  /** Whether the key signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, X509Certificate certificate) {
    try {
      String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
      byte[] probe = "alchemiser".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
