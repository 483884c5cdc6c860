package org.jinku.itests;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A finance front-end whose operators sign with MOF CA USB keys (客户端签名): RSA keys under an RSA CA, PKCS#7
 * signatures with SHA-1 over the base64 voucher text, as deployed MOF-CA systems make them. Made on the test
 * driver's side before the distribution boots (its CA certificate goes into the trust directory), and handed to
 * the test inside the container as files: the CA, the signed envelope, and the same signatures over changed text.
 */
final class MofCaFrontEnd {

    static final String SUBJECT = "CN=MOF CA,O=Ministry of Finance,C=CN";
    static final String PROPERTY = "jinku.it.mofca";
    /** Serials (hex) of lr01's and sh01's MOF CA certificates, mapped by certid.<id>.serial. */
    static final String LR01_SERIAL = "5101";
    static final String SH01_SERIAL = "5102";

    private static final Charset GBK = Charset.forName("GBK");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final Path dir;

    private MofCaFrontEnd(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path caPem() {
        return dir.resolve("mof-ca.pem");
    }

    /** The front-end of the running test, from the files {@link #create} wrote. */
    static MofCaFrontEnd load() {
        return new MofCaFrontEnd(Path.of(System.getProperty(PROPERTY)));
    }

    /** A new CA, lr01's and sh01's keys, and a 5201 they both signed, written to {@code dir}. */
    static MofCaFrontEnd create(Path dir) throws Exception {
        Files.createDirectories(dir);
        KeyPair ca = rsa();
        X509Certificate caCert = certificate(new X500Name(SUBJECT), ca, BigInteger.ONE, ca.getPrivate());
        Files.writeString(dir.resolve("mof-ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(caCert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        String no = "SOAPMOF-" + Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase();
        // The front-end's own text: CRLFs between elements, as Jinku would never write it.
        String text = Base64.getEncoder().encodeToString(new String(LegacySoapIT.voucher5201(no), GBK)
                .replaceAll("(</[^>]+>)<", "$1\r\n<").getBytes(GBK));
        List<String> positions = List.of("cz_lr", "cz_sh");
        List<String> serials = List.of(LR01_SERIAL, SH01_SERIAL);
        List<String> names = List.of("张录入", "李审核");
        List<String> cms = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            KeyPair person = rsa();
            X509Certificate cert = certificate(new X500Name("CN=" + names.get(i) + ",O=finance,C=CN"), person,
                    new BigInteger(serials.get(i), 16), ca.getPrivate());
            cms.add(sign(text, person.getPrivate(), cert));
        }
        Files.writeString(dir.resolve("voucher-no.txt"), no);
        Files.writeString(dir.resolve("voucher.b64"), text);
        Files.write(dir.resolve("cms.txt"), cms);
        Files.write(dir.resolve("envelope.xml"), envelope(no, text, positions, serials, cms));
        // One payee character changed: the signatures no longer cover the text.
        String changed = Base64.getEncoder().encodeToString(new String(Base64.getDecoder().decode(text), GBK)
                .replace("启明", "启明明").getBytes(GBK));
        Files.write(dir.resolve("tampered.xml"), envelope(no, changed, positions, serials, cms));
        return new MofCaFrontEnd(dir);
    }

    String voucherNo() throws IOException {
        return Files.readString(dir.resolve("voucher-no.txt")).trim();
    }

    String voucherBase64() throws IOException {
        return Files.readString(dir.resolve("voucher.b64")).trim();
    }

    List<String> cmsBase64() throws IOException {
        return Files.readAllLines(dir.resolve("cms.txt"));
    }

    byte[] envelope() throws IOException {
        return Files.readAllBytes(dir.resolve("envelope.xml"));
    }

    byte[] tamperedEnvelope() throws IOException {
        return Files.readAllBytes(dir.resolve("tampered.xml"));
    }

    private static byte[] envelope(String no, String text, List<String> positions, List<String> serials,
                                   List<String> cms) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"GBK\"?>\r\n<MOF>\r\n"
                + "   <VoucherCount>1</VoucherCount>\r\n   <VoucherBody AdmDivCode=\"210000\" StYear=\"2026\""
                + " VtCode=\"5201\" VoucherNo=\"" + no + "\">\r\n      <VoucherFlag>0</VoucherFlag>\r\n"
                + "      <Attach></Attach>\r\n      <Voucher>" + text + "</Voucher>\r\n      <SignatureList>");
        for (int i = 0; i < positions.size(); i++) {
            x.append("<Signature No=\"").append(positions.get(i)).append("\" SN=\"").append(serials.get(i))
                    .append("\">").append(cms.get(i)).append("</Signature>");
        }
        return x.append("</SignatureList>\r\n   </VoucherBody>\r\n</MOF>").toString().getBytes(GBK);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", BC);
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name subject, KeyPair keys, BigInteger serial, PrivateKey caKey)
            throws Exception {
        Date from = new Date(System.currentTimeMillis() - 3_600_000L);
        Date to = new Date(System.currentTimeMillis() + 7 * 86_400_000L);
        return new JcaX509CertificateConverter().setProvider(BC).getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name(SUBJECT), serial, from, to, subject, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(BC).build(caKey)));
    }

    /** PKCS#7 detached, SHA-1 with RSA, no signed attributes, the signer's certificate included. */
    private static String sign(String text, PrivateKey key, X509Certificate cert) throws Exception {
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .setProvider(BC).build()).setDirectSignature(true)
                .build(new JcaContentSignerBuilder("SHA1withRSA").setProvider(BC).build(key), cert));
        gen.addCertificates(new JcaCertStore(List.of(cert)));
        return Base64.getEncoder().encodeToString(gen.generate(new CMSProcessableByteArray(
                text.getBytes(StandardCharsets.US_ASCII)), false).getEncoded());
    }
}
