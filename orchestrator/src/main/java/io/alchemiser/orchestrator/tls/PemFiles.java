package io.alchemiser.orchestrator.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM files of keys and certificates: a key written for its owner alone, never over an existing file. */
public final class PemFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_WRITES = PosixFilePermissions.fromString("rw-r--r--");

  private PemFiles() {
  }

  /** A private key as PKCS#8 PEM (what Vert.x's PemKeyCertOptions reads), mode 600. */
  static void writePrivate(Path file, PrivateKey key) throws IOException {
    write(file, pem(new JcaPKCS8Generator(key, null)), OWNER_ONLY);
  }

  static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
    write(file, pem(certificate), OWNER_WRITES);
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  private static void write(Path file, String content, Set<PosixFilePermission> permissions) throws IOException {
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file + " exists already; remove it first to make a new one");
    }
    boolean posix = file.toAbsolutePath().getParent().getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      // Created with its permissions, so the key is never readable by others, not even for a moment.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(permissions));
      Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    } else {
      Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
    }
  }

  public static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
    try (var in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** Every certificate of a PEM file (a CA bundle: the old and the new CA while the CA changes). */
  public static java.util.List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
    try (var in = Files.newInputStream(file)) {
      java.util.List<X509Certificate> all = new java.util.ArrayList<>();
      for (java.security.cert.Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        all.add((X509Certificate) certificate);
      }
      if (all.isEmpty()) {
        throw new GeneralSecurityException(file + " holds no certificate");
      }
      return all;
    }
  }

  /** A private key in PKCS#8 or (EC/RSA) traditional PEM. */
  public static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new GeneralSecurityException(file + " holds no unencrypted private key in PEM");
    }
  }
}
