package org.jinku.adapter.legacysoap.internal.soap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.jinku.adapter.legacysoap.internal.Evs;
import org.jinku.adapter.legacysoap.internal.LegacyFault;

class OperationTest {

    private static final Operation READ = new Operation("readVoucher", List.of(new Param("certID", ArgType.STRING),
            new Param("admDivCode", ArgType.STRING), new Param("stYear", ArgType.INT), new Param("vtCode", ArgType.STRING),
            new Param("maxCount", ArgType.INT)), ReturnType.MAP);
    private static final Operation MIXED = new Operation("op", List.of(new Param("data", ArgType.BASE64),
            new Param("nos", ArgType.STRING_ARRAY)), ReturnType.VOID);

    private static RpcCall call(String op, RpcValue... args) {
        return new RpcCall(op, Arrays.asList(args));
    }

    private static RpcValue v(String type, Object value) {
        return new RpcValue(type, value);
    }

    private static String refused(Evs evs, Operation op, RpcCall call) {
        LegacyFault f = assertThrows(LegacyFault.class, () -> op.bind(call));
        assertEquals(evs, f.evs());
        return f.getMessage();
    }

    @Test
    void bindsByPositionIntoJavaValues() {
        assertArrayEquals(new Object[] {"001", "210000", 2024, "5201", 100}, READ.bind(call("readVoucher",
                v("soapenc:string", "001"), v("xsd:string", "210000"), v("soapenc:int", "2024"), v(null, "5201"),
                v("xsd:int", " +100 "))));
    }

    @Test
    void theArgumentCountIsChecked() {
        assertEquals("java.lang.Exception: EVS100#参数不合法: readVoucher takes 5 arguments (certID, admDivCode, stYear, "
                + "vtCode, maxCount), got 4", refused(Evs.ARGUMENT_COUNT, READ, call("readVoucher", v(null, "1"),
                v(null, "2"), v(null, "3"), v(null, "4"))));
        Operation one = new Operation("ping", List.of(new Param("certID", ArgType.STRING)), ReturnType.VOID);
        assertEquals("java.lang.Exception: EVS100#参数不合法: ping takes 1 argument (certID), got 0",
                refused(Evs.ARGUMENT_COUNT, one, call("ping")));
    }

    @Test
    void untypedValuesAreReadAsDeclaredIfTheyParse() {
        assertArrayEquals(new Object[] {"001", "2", 2024, " 5201 ", -1}, READ.bind(call("readVoucher",
                v(null, "001"), v(null, "2"), v(null, " 2024\n"), v(null, " 5201 "), v(null, "-1"))));
        assertArrayEquals(new Object[] {new byte[] {1, 2}, new String[] {"a", null}}, MIXED.bind(call("op",
                v(null, "AQI="), v(null, new Object[] {v(null, "a"), v(null, null)}))));
        assertEquals("java.lang.Exception: EVS101#参数类型错误: argument 3 (stYear) of readVoucher must be xsd:int, "
                + "got \"2024年\"", refused(Evs.ARGUMENT_TYPE, READ, call("readVoucher", v(null, "1"), v(null, "2"),
                v(null, "2024年"), v(null, "4"), v(null, "5"))));
        assertEquals("java.lang.Exception: EVS101#参数类型错误: argument 1 (data) of op must be xsd:base64Binary, "
                + "got \"not base64!\"", refused(Evs.ARGUMENT_TYPE, MIXED, call("op", v(null, "not base64!"),
                v(null, null))));
    }

    @Test
    void aDeclaredTypeOfAnotherKindIsRefused() {
        assertEquals("java.lang.Exception: EVS101#参数类型错误: argument 3 (stYear) of readVoucher must be xsd:int, "
                + "got soapenc:string \"abc\"", refused(Evs.ARGUMENT_TYPE, READ, call("readVoucher", v(null, "1"),
                v(null, "2"), v("soapenc:string", "abc"), v(null, "4"), v(null, "5"))));
        // Even a string that reads as a number: the client said it is a string.
        refused(Evs.ARGUMENT_TYPE, READ, call("readVoucher", v(null, "1"), v(null, "2"), v("xsd:string", "2024"),
                v(null, "4"), v(null, "5")));
        assertEquals("java.lang.Exception: EVS101#参数类型错误: argument 1 (certID) of readVoucher must be soapenc:string, "
                + "got xsd:base64Binary (2 bytes)", refused(Evs.ARGUMENT_TYPE, READ, call("readVoucher",
                v("xsd:base64Binary", new byte[2]), v(null, "2"), v(null, "3"), v(null, "4"), v(null, "5"))));
        assertEquals("java.lang.Exception: EVS101#参数类型错误: argument 2 (admDivCode) of readVoucher must be "
                + "soapenc:string, got soapenc:Array (1 items)", refused(Evs.ARGUMENT_TYPE, READ, call("readVoucher",
                v(null, "1"), v("soapenc:Array", new Object[] {v(null, "x")}), v(null, "3"), v(null, "4"),
                v(null, "5"))));
        refused(Evs.ARGUMENT_TYPE, READ, call("readVoucher", v("xsd:boolean", "true"), v(null, "2"), v(null, "3"),
                v(null, "4"), v(null, "5")));
        // Digits xsd:int does not know, and numbers beyond int.
        refused(Evs.ARGUMENT_TYPE, READ, call("readVoucher", v(null, "1"), v(null, "2"), v("xsd:int", "２０２４"),
                v(null, "4"), v(null, "5")));
        refused(Evs.ARGUMENT_TYPE, READ, call("readVoucher", v(null, "1"), v(null, "2"), v("xsd:long", "2147483648"),
                v(null, "4"), v(null, "5")));
        refused(Evs.ARGUMENT_TYPE, MIXED, call("op", v("xsd:string", "AQI="), v(null, null)));
        refused(Evs.ARGUMENT_TYPE, MIXED, call("op", v(null, null), v("soapenc:string", "V001")));
    }

    @Test
    void anIntegerPassesWhereAStringIsDeclared() {
        Object[] args = READ.bind(call("readVoucher", v("xsd:int", "1"), v("soapenc:long", "+0210000"),
                v("xsd:long", "2024"), v("xsd:int", "5201"), v("soapenc:short", "5")));
        assertArrayEquals(new Object[] {"1", "210000", 2024, "5201", 5}, args);
        refused(Evs.ARGUMENT_TYPE, READ, call("readVoucher", v("xsd:int", "1x"), v(null, "2"), v(null, "3"),
                v(null, "4"), v(null, "5")));
    }

    @Test
    void nilIsNullForEveryType() {
        assertArrayEquals(new Object[5], READ.bind(call("readVoucher", v("soapenc:string", null), v(null, null),
                v("xsd:int", null), v("xsd:base64Binary", null), v(null, null))));
        assertArrayEquals(new Object[2], MIXED.bind(call("op", v(null, null), v("soapenc:Array", null))));
    }

    @Test
    void stringArrays() {
        Object[] items = {v("soapenc:string", "V1"), v("xsd:int", "7"), v("xsd:string", null), v(null, "V4")};
        assertArrayEquals(new String[] {"V1", "7", null, "V4"},
                (String[]) MIXED.bind(call("op", v(null, null), v("soapenc:Array", items)))[1]);
        assertArrayEquals(new String[] {"x"}, (String[]) MIXED.bind(call("op", v(null, null),
                v("{urn:jinku:legacy-voucher}ArrayOf_soapenc_string", new Object[] {v("xsd:string", "x")})))[1]);
        // Hand-built calls: String[], or plain objects as items.
        assertArrayEquals(new String[] {"a", "b"}, (String[]) MIXED.bind(call("op", v(null, null),
                v(null, new String[] {"a", "b"})))[1]);
        assertArrayEquals(new String[] {"a", "3", null}, (String[]) MIXED.bind(call("op", v(null, null),
                v(null, new Object[] {"a", 3, null})))[1]);
        assertArrayEquals(new String[0], (String[]) MIXED.bind(call("op", v(null, null),
                v("soapenc:Array", new Object[0])))[1]);

        assertEquals("java.lang.Exception: EVS101#参数类型错误: item 2 of argument 2 (nos) of op must be soapenc:string, "
                + "got xsd:base64Binary (1 bytes)", refused(Evs.ARGUMENT_TYPE, MIXED, call("op", v(null, null),
                v("soapenc:Array", new Object[] {v(null, "a"), v("xsd:base64Binary", new byte[1])}))));
        refused(Evs.ARGUMENT_TYPE, MIXED, call("op", v(null, null),
                v("soapenc:Array", new Object[] {v("soapenc:Array", new Object[0])})));
        refused(Evs.ARGUMENT_TYPE, MIXED, call("op", v(null, null), v("apachesoap:Map", new Object[0])));
    }
}
