package io.alchemiser.orchestrator.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's own certificate authority, in a directory: {@code ca.crt} (shared with every node,
 * the only certificate a node trusts) and {@code ca.key} (kept by the operator). Node certificates
 * it issues serve both ends of a connection (server and client authentication), since every node
 * is both. Keys are ECDSA P-256, signed with the JDK's own crypto.
 */
public final class CertificateAuthority {
  public static final String CA_CERT = "ca.crt";
  public static final String CA_KEY = "ca.key";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  /** A new CA in {@code dir}; refuses to overwrite one that is there. */
  public static CertificateAuthority init(Path dir, String name, Duration validity) throws IOException, GeneralSecurityException {
    if (Files.exists(dir.resolve(CA_KEY)) || Files.exists(dir.resolve(CA_CERT))) {
      throw new IllegalStateException(dir.resolve(CA_CERT) + " exists already: a cluster has one CA (remove it first to start over)");
    }
    KeyPair pair = keyPair();
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(validity)), subject, pair.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
    X509Certificate certificate = sign(builder, pair.getPrivate());
    Files.createDirectories(dir);
    PemFiles.writePrivate(dir.resolve(CA_KEY), pair.getPrivate());
    PemFiles.writeCertificate(dir.resolve(CA_CERT), certificate);
    return new CertificateAuthority(certificate, pair.getPrivate());
  }

  /** The CA of {@code dir}, made before by {@link #init}. */
  public static CertificateAuthority load(Path dir) throws IOException, GeneralSecurityException {
    return new CertificateAuthority(PemFiles.readCertificate(dir.resolve(CA_CERT)), PemFiles.readPrivateKey(dir.resolve(CA_KEY)));
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Issues {@code NAME.crt} and {@code NAME.key} in {@code dir} for a node reached as {@code hosts}
   * (DNS names and IP addresses, put in the subject alternative names); the node's name is one too.
   */
  public Path[] issue(Path dir, String name, List<String> hosts, Duration validity) throws IOException, GeneralSecurityException {
    KeyPair pair = keyPair();
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(validity)), new X500Name("CN=" + name), pair.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    builder.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
    builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
    builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(name, hosts));
    X509Certificate issued = sign(builder, key);
    Path cert = dir.resolve(name + ".crt");
    Path keyFile = dir.resolve(name + ".key");
    PemFiles.writePrivate(keyFile, pair.getPrivate());
    PemFiles.writeCertificate(cert, issued);
    return new Path[] {cert, keyFile};
  }

  private static GeneralNames alternativeNames(String name, List<String> hosts) {
    List<GeneralName> names = new ArrayList<>();
    List<String> all = new ArrayList<>(hosts);
    if (!all.contains(name)) {
      all.add(0, name);
    }
    for (String host : all) {
      names.add(isAddress(host) ? new GeneralName(GeneralName.iPAddress, host) : new GeneralName(GeneralName.dNSName, host));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  /** An IPv4 or IPv6 literal (never a name lookup). */
  static boolean isAddress(String host) {
    if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":")) {
      try {
        InetAddress.getByName(host);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(120, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }
}
