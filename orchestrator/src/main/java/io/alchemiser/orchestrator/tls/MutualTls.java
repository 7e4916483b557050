package io.alchemiser.orchestrator.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK {@link SSLContext} over a node's PEM files, for what speaks TLS outside Vert.x (the cluster's
 * membership traffic): our certificate and key to show, the cluster's CA the only trust. Whether the
 * peer must show a certificate too is up to the socket (see {@code membership.TlsSockets}).
 */
public final class MutualTls {
  private static final char[] IN_MEMORY = "in-memory".toCharArray();

  private MutualTls() {
  }

  public static SSLContext context(TlsFiles files) throws IOException, GeneralSecurityException {
    X509Certificate certificate = PemFiles.readCertificate(files.cert());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("node", PemFiles.readPrivateKey(files.key()), IN_MEMORY, new X509Certificate[] {certificate});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, IN_MEMORY);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    List<X509Certificate> authorities = PemFiles.readCertificates(files.ca());
    for (int i = 0; i < authorities.size(); i++) {
      trust.setCertificateEntry("ca-" + i, authorities.get(i));
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
    trustManagers.init(trust);

    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }
}
