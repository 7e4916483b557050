package io.alchemiser.shared.memory;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Java record, and the records, lists, maps, strings, decimals and times inside it, as compact
 * bytes and back: for values kept in memory by this process, never for a wire or a file (enums are
 * written by ordinal, nothing is versioned). Made for memories that hold many records for a while:
 * one array instead of dozens of objects is less for the garbage collector to copy, and writing it
 * is several times cheaper than JSON (no text for numbers and times). Every component of every
 * record is written, so a field added to a record is kept without a change here; a component of a
 * type not listed fails when the codec is made. Thread-safe.
 */
public final class RecordBytes<T extends Record> {
  private final Class<T> type;
  private final Codec codec;

  private RecordBytes(Class<T> type) {
    this.type = type;
    this.codec = codecFor(type);
  }

  public static <T extends Record> RecordBytes<T> of(Class<T> type) {
    return new RecordBytes<>(type);
  }

  /** Allocates only its buffer and the result: callers on several threads never wait for one another. */
  public byte[] encode(T value) {
    Out out = new Out();
    codec.write(out, value);
    return Arrays.copyOf(out.bytes, out.size);
  }

  public T decode(byte[] bytes) {
    In in = new In(bytes);
    T value = type.cast(codec.read(in));
    if (in.at != bytes.length) {
      throw new IllegalArgumentException(type.getSimpleName() + " bytes: " + (bytes.length - in.at) + " left over");
    }
    return value;
  }

  private interface Codec {
    void write(Out out, Object value);

    Object read(In in);
  }

  private static Codec codecFor(Type type) {
    if (type instanceof ParameterizedType generic) {
      Type raw = generic.getRawType();
      Type[] args = generic.getActualTypeArguments();
      if (raw == List.class) {
        return nullable(new ListCodec(codecFor(args[0])));
      }
      if (raw == Map.class) {
        return nullable(new MapCodec(codecFor(args[0]), codecFor(args[1])));
      }
      throw new IllegalArgumentException("no compact form for " + type);
    }
    if (!(type instanceof Class<?> c)) {
      throw new IllegalArgumentException("no compact form for " + type);
    }
    if (c == int.class) {
      return new Codec() {
        public void write(Out out, Object value) {
          out.varLong((Integer) value);
        }

        public Object read(In in) {
          return (int) in.varLong();
        }
      };
    }
    if (c == long.class) {
      return new Codec() {
        public void write(Out out, Object value) {
          out.varLong((Long) value);
        }

        public Object read(In in) {
          return in.varLong();
        }
      };
    }
    if (c == boolean.class) {
      return new Codec() {
        public void write(Out out, Object value) {
          out.put((Boolean) value ? 1 : 0);
        }

        public Object read(In in) {
          return in.get() != 0;
        }
      };
    }
    if (c == String.class) {
      return nullable(new Codec() {
        public void write(Out out, Object value) {
          out.string((String) value);
        }

        public Object read(In in) {
          return in.string();
        }
      });
    }
    if (c == BigDecimal.class) {
      return nullable(new DecimalCodec());
    }
    if (c == Instant.class) {
      return nullable(new Codec() {
        public void write(Out out, Object value) {
          Instant at = (Instant) value;
          out.varLong(at.getEpochSecond());
          out.varLong(at.getNano());
        }

        public Object read(In in) {
          return Instant.ofEpochSecond(in.varLong(), in.varLong());
        }
      });
    }
    if (c == LocalDate.class) {
      return nullable(new Codec() {
        public void write(Out out, Object value) {
          out.varLong(((LocalDate) value).toEpochDay());
        }

        public Object read(In in) {
          return LocalDate.ofEpochDay(in.varLong());
        }
      });
    }
    if (c.isEnum()) {
      Object[] constants = c.getEnumConstants();
      return nullable(new Codec() {
        public void write(Out out, Object value) {
          out.varLong(((Enum<?>) value).ordinal());
        }

        public Object read(In in) {
          return constants[(int) in.varLong()];
        }
      });
    }
    if (c.isRecord()) {
      return nullable(new RecordCodec(c));
    }
    throw new IllegalArgumentException("no compact form for " + c.getName());
  }

  private static Codec nullable(Codec codec) {
    return new Codec() {
      public void write(Out out, Object value) {
        if (value == null) {
          out.put(0);
        } else {
          out.put(1);
          codec.write(out, value);
        }
      }

      public Object read(In in) {
        return in.get() == 0 ? null : codec.read(in);
      }
    };
  }

  private static final class RecordCodec implements Codec {
    /** Each component's accessor as a function made by LambdaMetafactory: about a direct call, where reflection adds checks and a cast. */
    private final Function<Object, Object>[] accessors;
    private final Codec[] codecs;
    private final Constructor<?> constructor;

    RecordCodec(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      @SuppressWarnings("unchecked")
      Function<Object, Object>[] getters = new Function[components.length];
      accessors = getters;
      codecs = new Codec[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        accessors[i] = getter(type, components[i].getAccessor());
        codecs[i] = codecFor(components[i].getGenericType());
        types[i] = components[i].getType();
      }
      try {
        constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
      }
    }

    @SuppressWarnings("unchecked")
    private static Function<Object, Object> getter(Class<?> type, Method accessor) {
      try {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        MethodHandle handle = lookup.unreflect(accessor);
        Class<?> result = handle.type().returnType();
        CallSite site = LambdaMetafactory.metafactory(lookup, "apply", MethodType.methodType(Function.class),
            MethodType.methodType(Object.class, Object.class), handle,
            MethodType.methodType(result.isPrimitive() ? MethodType.methodType(result).wrap().returnType() : result, type));
        return (Function<Object, Object>) site.getTarget().invoke();
      } catch (Throwable e) {
        throw new IllegalArgumentException(type.getName() + "." + accessor.getName() + " cannot be read", e);
      }
    }

    @Override
    public void write(Out out, Object value) {
      for (int i = 0; i < accessors.length; i++) {
        codecs[i].write(out, accessors[i].apply(value));
      }
    }

    @Override
    public Object read(In in) {
      Object[] args = new Object[codecs.length];
      for (int i = 0; i < codecs.length; i++) {
        args[i] = codecs[i].read(in);
      }
      try {
        return constructor.newInstance(args);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot make " + constructor.getDeclaringClass().getSimpleName(), e);
      }
    }
  }

  private record ListCodec(Codec element) implements Codec {
    @Override
    public void write(Out out, Object value) {
      List<?> list = (List<?>) value;
      out.varLong(list.size());
      for (Object e : list) {
        element.write(out, e);
      }
    }

    @Override
    public Object read(In in) {
      int size = (int) in.varLong();
      List<Object> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(element.read(in));
      }
      return list;
    }
  }

  private record MapCodec(Codec key, Codec val) implements Codec {
    @Override
    public void write(Out out, Object value) {
      Map<?, ?> map = (Map<?, ?>) value;
      out.varLong(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        key.write(out, e.getKey());
        val.write(out, e.getValue());
      }
    }

    @Override
    public Object read(In in) {
      int size = (int) in.varLong();
      Map<Object, Object> map = new LinkedHashMap<>(size * 2);
      for (int i = 0; i < size; i++) {
        map.put(key.read(in), val.read(in));
      }
      return map;
    }
  }

  /** The scale, then the unscaled value as a number when it fits 63 bits, else as its two's-complement bytes. */
  private static final class DecimalCodec implements Codec {
    @Override
    public void write(Out out, Object value) {
      BigDecimal decimal = (BigDecimal) value;
      out.varLong(decimal.scale());
      if (decimal.precision() <= 18) {
        out.put(0);
        // Scale 0 and the same digits: its long value is read without making a BigInteger.
        out.varLong(decimal.movePointRight(decimal.scale()).longValue());
      } else {
        byte[] bytes = decimal.unscaledValue().toByteArray();
        out.put(1);
        out.varLong(bytes.length);
        out.bytes(bytes);
      }
    }

    @Override
    public Object read(In in) {
      int scale = (int) in.varLong();
      if (in.get() == 0) {
        return BigDecimal.valueOf(in.varLong(), scale);
      }
      return new BigDecimal(new BigInteger(in.bytes((int) in.varLong())), scale);
    }
  }

  private static final class Out {
    byte[] bytes = new byte[1024];
    int size;

    void put(int b) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, size * 2);
      }
      bytes[size++] = (byte) b;
    }

    /** Zigzag, then seven bits a byte. */
    void varLong(long value) {
      long v = (value << 1) ^ (value >> 63);
      while ((v & ~0x7FL) != 0) {
        put((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      put((int) v);
    }

    void bytes(byte[] data) {
      if (size + data.length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + data.length));
      }
      System.arraycopy(data, 0, bytes, size, data.length);
      size += data.length;
    }

    /** UTF-8; ids, symbols and stage names are ASCII, written without an intermediate array. */
    void string(String s) {
      int length = s.length();
      for (int i = 0; i < length; i++) {
        if (s.charAt(i) >= 0x80) {
          byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
          varLong(utf8.length);
          bytes(utf8);
          return;
        }
      }
      varLong(length);
      if (size + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
      }
      for (int i = 0; i < length; i++) {
        bytes[size++] = (byte) s.charAt(i);
      }
    }
  }

  private static final class In {
    final byte[] bytes;
    int at;

    In(byte[] bytes) {
      this.bytes = bytes;
    }

    int get() {
      return bytes[at++];
    }

    long varLong() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        int b = bytes[at++];
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      return (v >>> 1) ^ -(v & 1);
    }

    byte[] bytes(int length) {
      byte[] data = Arrays.copyOfRange(bytes, at, at + length);
      at += length;
      return data;
    }

    String string() {
      int length = (int) varLong();
      String s = new String(bytes, at, length, StandardCharsets.UTF_8);
      at += length;
      return s;
    }
  }
}
