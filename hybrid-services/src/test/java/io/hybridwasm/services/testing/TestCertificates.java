package io.hybridwasm.services.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway TLS material for tests, generated at test time (nothing secret is committed): a
 * certificate authority that issues server and client certificates, written as PEM files
 * (certificates as {@code CERTIFICATE}, keys as PKCS#8 {@code PRIVATE KEY}, EC P-256), valid
 * from an hour ago for one day.
 *
 * <pre>{@code
 * @TempDir Path dir;
 * TestCertificates.Bundle pki = TestCertificates.generate(dir);
 * HybridServer.builder().tls(pki.server().certificate(), pki.server().privateKey())
 *         .clientAuth(pki.caCertificate()) ...
 * GrpcSslContexts.forClient().trustManager(pki.caCertificate().toFile())
 *         .keyManager(pki.client().certificate().toFile(), pki.client().privateKey().toFile()) ...
 * }</pre>
 * Needs {@code org.bouncycastle:bcpkix-jdk18on} on the test class path. Thread-safe.
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {
    }

    /** A PEM certificate file and the PEM PKCS#8 file of its private key. */
    public record Pem(Path certificate, Path privateKey) {
    }

    /**
     * The usual set: a CA; a server certificate it issued for {@code localhost} and
     * {@code 127.0.0.1}; a client certificate it issued; and an unrelated second CA with a
     * client certificate of its own, for "wrong CA" tests.
     */
    public record Bundle(Path caCertificate, Pem server, Pem client, Path otherCaCertificate, Pem otherClient) {
    }

    /** Generates a {@link Bundle} into {@code dir}. */
    public static Bundle generate(Path dir) {
        Authority ca = authority(dir, "test-ca");
        Authority other = authority(dir, "other-ca");
        return new Bundle(ca.certificate(), ca.issueServer("server"), ca.issueClient("client"),
                other.certificate(), other.issueClient("other-client"));
    }

    /** A new CA named {@code name}; its certificate is written to {@code dir/<name>.crt}. */
    public static Authority authority(Path dir, String name) {
        KeyPair keys = newKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(subject, subject, keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys);
            Path file = dir.resolve(name + ".crt");
            writePem(file, "CERTIFICATE", certificate.getEncoded());
            return new Authority(dir, keys, certificate, file);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create test CA " + name, e);
        }
    }

    /** A certificate authority; issues certificates into the directory it was created in. */
    public static final class Authority {
        private final Path dir;
        private final KeyPair keys;
        private final X509Certificate certificate;
        private final Path certificateFile;

        private Authority(Path dir, KeyPair keys, X509Certificate certificate, Path certificateFile) {
            this.dir = dir;
            this.keys = keys;
            this.certificate = certificate;
            this.certificateFile = certificateFile;
        }

        /** The CA's PEM certificate: what clients (or, for mutual TLS, the server) trust. */
        public Path certificate() {
            return certificateFile;
        }

        /**
         * A server certificate for DNS name {@code localhost} and IP {@code 127.0.0.1}, written
         * to {@code <name>.crt} and {@code <name>.key}.
         */
        public Pem issueServer(String name) {
            return issue(name, KeyPurposeId.id_kp_serverAuth, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }

        /** A client certificate with common name {@code name}, written to {@code <name>.crt} and {@code <name>.key}. */
        public Pem issueClient(String name) {
            return issue(name, KeyPurposeId.id_kp_clientAuth, null);
        }

        private Pem issue(String name, KeyPurposeId purpose, GeneralNames altNames) {
            KeyPair leaf = newKeyPair();
            try {
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = builder(
                        X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                        new X500Name("CN=" + name), leaf)
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                        .addExtension(Extension.authorityKeyIdentifier, false,
                                ext.createAuthorityKeyIdentifier(certificate));
                if (altNames != null) {
                    builder.addExtension(Extension.subjectAlternativeName, false, altNames);
                }
                Pem pem = new Pem(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
                writePem(pem.certificate(), "CERTIFICATE", sign(builder, keys).getEncoded());
                writePem(pem.privateKey(), "PRIVATE KEY", leaf.getPrivate().getEncoded());
                return pem;
            } catch (GeneralSecurityException | CertIOException e) {
                throw new IllegalStateException("cannot issue test certificate " + name, e);
            }
        }
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is part of every JDK", e);
        }
    }

    private static void writePem(Path file, String type, byte[] der) {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        try {
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
