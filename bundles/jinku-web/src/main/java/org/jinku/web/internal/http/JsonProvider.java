package org.jinku.web.internal.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.catalog.json.VoucherJson;

/**
 * JSON in and out as Jackson trees, with the API's mapper ({@link VoucherJson#MAPPER}). A body is read whatever
 * its declared type (curl's {@code -d} declares a form), refused beyond {@link #MAX_BODY} whether it declares its
 * length or comes chunked, and a parse error names the line and column.
 */
@Consumes(MediaType.WILDCARD)
@Produces({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class JsonProvider implements MessageBodyReader<JsonNode>, MessageBodyWriter<JsonNode> {

    public static final int MAX_BODY = 16 * 1024 * 1024;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JsonNode.class;
    }

    @Override
    public JsonNode readFrom(Class<JsonNode> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                             MultivaluedMap<String, String> headers, InputStream in) throws IOException {
        String length = headers.getFirst(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY) {
            throw oversized();
        }
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw oversized();
        }
        try {
            return VoucherJson.MAPPER.readTree(new ByteArrayInputStream(body));
        } catch (JsonProcessingException e) {
            throw new JinkuException(RejectCode.MALFORMED_JSON, "request is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
    }

    private static JinkuException oversized() {
        return new JinkuException(RejectCode.OVERSIZED, "request body exceeds " + MAX_BODY + " bytes");
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonNode.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(JsonNode tree, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        // The runtime closes the stream, not the writer (it may still have to flush or add to it).
        VoucherJson.MAPPER.writerWithDefaultPrettyPrinter().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, tree);
    }
}
