package org.jinku.eseal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What a seal maker is asked to make: the seal's identity, its picture and validity, and the owner's certificates
 * (the signers allowed to stamp with it).
 *
 * @param esId              the seal's code (印章编码), IA5 text, unique for the maker
 * @param type              印章类型: 1 official seal (单位公章), 2 special-purpose seal (专用章: e.g. 财务专用章),
 *                          3 business-contract seal, 4 legal-person seal; other values as agreed
 * @param name              印章名称, e.g. "某某银行财务专用章"
 * @param png               the seal picture (PNG bytes), see {@link SealImages#round}
 * @param widthMm           displayed width in millimetres
 * @param heightMm          displayed height in millimetres
 * @param validStart        start of the seal's validity
 * @param validEnd          end of the seal's validity
 * @param ownerCertificates the signers' certificates bound to the seal (certListType 1); may be empty, see
 *                          {@link ESeals#verifyStamp}
 */
public record SealSpec(String esId, int type, String name, byte[] png, int widthMm, int heightMm, Instant validStart,
                       Instant validEnd, List<X509Certificate> ownerCertificates) {

    public SealSpec {
        if (esId == null || esId.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("a seal needs an esID and a name");
        }
        if (png == null || png.length == 0) {
            throw new IllegalArgumentException("seal " + esId + ": no picture");
        }
        if (validStart == null || validEnd == null || !validEnd.isAfter(validStart)) {
            throw new IllegalArgumentException("seal " + esId + ": validity must end after it starts");
        }
        if (widthMm <= 0 || heightMm <= 0) {
            throw new IllegalArgumentException("seal " + esId + ": picture size must be positive millimetres");
        }
        ownerCertificates = ownerCertificates == null ? List.of() : List.copyOf(ownerCertificates);
    }
}
