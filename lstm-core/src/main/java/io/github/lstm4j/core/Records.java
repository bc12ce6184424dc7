package io.github.lstm4j.core;

import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Objects;

/**
 * Copies of records with one component changed, through the canonical constructor, so that a
 * config's withers are one line each and none of them lists the other components.
 *
 * <pre>{@code
 * public TrainerConfig withEpochs(int value) {
 *   return Records.with(this, "epochs", value);
 * }
 * }</pre>
 *
 * <p>The copy runs the record's validation like any other construction: an invalid value throws the
 * constructor's {@link IllegalArgumentException}. It is meant for configs, built a few times per
 * run; it is not for hot loops.
 */
public final class Records {
  private Records() {}

  /** The components and the canonical constructor of each record class, found once. */
  private static final ClassValue<Shape> SHAPES =
      new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
          return new Shape(type);
        }
      };

  /**
   * Returns a copy of {@code record} whose component {@code component} is {@code value}.
   *
   * @param <R> the record type
   * @param record the record to copy
   * @param component the name of one of its components
   * @param value the new value: an instance of the component's type (boxed for primitives)
   * @return the new record, validated by its constructor
   * @throws IllegalArgumentException if there is no such component, the value has another type, or
   *     the record's constructor rejects it
   */
  public static <R extends Record> R with(R record, String component, Object value) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(component, "component");
    RecordComponent[] components = components(record.getClass());
    Object[] values = values(record);
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(component)) {
        values[i] = value;
        @SuppressWarnings("unchecked") // a record's canonical constructor builds its own class
        R copy = (R) create(record.getClass(), values);
        return copy;
      }
    }
    throw new IllegalArgumentException(
        "component must be one of " + record.getClass().getSimpleName() + "'s, got " + component);
  }

  /**
   * Returns the components of a record class, in declaration order.
   *
   * @param type the record class
   * @return a fresh array of its components
   */
  public static RecordComponent[] components(Class<? extends Record> type) {
    return SHAPES.get(type).components.clone();
  }

  /**
   * Returns a record's component values, in declaration order.
   *
   * @param record the record
   * @return a fresh array of its values (primitives boxed)
   */
  public static Object[] values(Record record) {
    RecordComponent[] components = SHAPES.get(record.getClass()).components;
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      try {
        values[i] = components[i].getAccessor().invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(
            "cannot read " + record.getClass().getName() + "." + components[i].getName(), e);
      }
    }
    return values;
  }

  /**
   * Builds a record through its canonical constructor.
   *
   * @param <R> the record type
   * @param type the record class (public, in an exported package)
   * @param values one value per component, in declaration order (primitives boxed)
   * @return the record
   * @throws IllegalArgumentException if a value has the wrong type, or the constructor's own
   *     validation throws it
   * @throws NullPointerException if the constructor rejects a null
   */
  public static <R extends Record> R create(Class<R> type, Object... values) {
    Shape shape = SHAPES.get(type);
    RecordComponent[] components = shape.components;
    Checks.argument(
        values.length == components.length,
        "values must be one per component of " + type.getSimpleName() + ", got " + values.length);
    for (int i = 0; i < components.length; i++) {
      Class<?> expected = boxed(components[i].getType());
      if (values[i] != null && !expected.isInstance(values[i])) {
        throw new IllegalArgumentException(
            components[i].getName()
                + " must be a "
                + components[i].getType().getSimpleName()
                + ", got a "
                + values[i].getClass().getSimpleName());
      }
    }
    try {
      return type.cast(shape.constructor.newInstance(values));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException rejected) {
        throw rejected; // the record's validation: IllegalArgumentException, NullPointerException
      }
      throw new IllegalStateException("cannot construct " + type.getName(), e.getCause());
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  /**
   * The wrapper class of a primitive type ({@code int} → {@code Integer}), else the type itself.
   */
  private static Class<?> boxed(Class<?> type) {
    return MethodType.methodType(type).wrap().returnType();
  }

  /** A record class's components and canonical constructor. */
  private static final class Shape {
    final RecordComponent[] components;
    final Constructor<?> constructor;

    Shape(Class<?> type) {
      Checks.argument(type.isRecord(), "type must be a record class, got " + type.getName());
      components = type.getRecordComponents();
      Class<?>[] parameters = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        parameters[i] = components[i].getType();
      }
      try {
        constructor = type.getDeclaredConstructor(parameters);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("a record has its canonical constructor", e);
      }
    }
  }
}
