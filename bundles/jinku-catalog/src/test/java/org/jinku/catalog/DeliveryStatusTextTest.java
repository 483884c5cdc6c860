package org.jinku.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.jinku.api.DeliveryStatus;

/**
 * Status texts as the deployed library words them (DeliveryStatus lives in jinku-api; the test is here
 * because that module has no test of its own for it yet).
 */
class DeliveryStatusTextTest {

    @Test
    void textsAreTheDeployedLibrarysWords() {
        assertEquals("未找到对应凭证", DeliveryStatus.ofCode(-1).text());
        assertEquals("对方接收成功", DeliveryStatus.ofCode(1).text());
        assertEquals("对方签收成功", DeliveryStatus.ofCode(3).text());
        assertEquals("已收到对方回单", DeliveryStatus.ofCode(12).text());
        assertEquals("本方未发送", DeliveryStatus.ofCode(13).text());
    }

    @Test
    void everyCodeFromMinusOneTo14HasItsOwnText() {
        List<Integer> codes = Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::code).toList();
        assertEquals(IntStream.rangeClosed(-1, 14).boxed().toList(), codes);
        assertEquals(16, new HashSet<>(Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::text).toList()).size());
        for (DeliveryStatus s : DeliveryStatus.values()) {
            assertFalse(s.text().isBlank(), s.name());
            if (s.code() >= 0 && s.code() <= 5) {
                // A receipt's status is its voucher's, for the 回单.
                assertEquals("回单" + s.text(), s.forFlag(1).text());
            }
        }
    }
}
