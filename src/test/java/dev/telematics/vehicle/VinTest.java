package dev.telematics.vehicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import org.junit.jupiter.api.Test;

class VinTest {
    @Test
    void seventeenAllowedCharacters_isValid() {
        assertTrue(Vin.isValid("5YJ3E1EA7KF317000"));
        assertEquals("LRWDEMC0000000001", Vin.of("LRWDEMC0000000001").value());
    }

    @Test
    void lettersIOQ_areRejectedWithPosition() {
        EngineException e = assertThrows(EngineException.class, () -> Vin.of("5YJ3E1EA7KF31700O"));
        assertEquals(ErrorCode.INVALID_VIN, e.code());
        assertTrue(e.getMessage().contains("position 17"), e.getMessage());
        assertFalse(Vin.isValid("IYJ3E1EA7KF317000"));
        assertFalse(Vin.isValid("QYJ3E1EA7KF317000"));
    }

    @Test
    void wrongLengthOrLowerCase_isRejected() {
        assertFalse(Vin.isValid("5YJ3E1EA7KF31700"));
        assertFalse(Vin.isValid("5YJ3E1EA7KF3170000"));
        assertFalse(Vin.isValid("5yj3e1ea7kf317000"));
        assertFalse(Vin.isValid(null));
        assertFalse(Vin.isValid("+"));
    }
}
