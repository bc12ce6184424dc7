package io.github.lstm4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.model.ForecasterConfig;
import io.github.lstm4j.core.model.RegressorConfig;
import io.github.lstm4j.core.model.SequenceModelConfig;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.text.CharLstmConfig;
import io.github.lstm4j.vision.ClassifierConfig;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every one-argument wither of every config changes exactly the component it is named after: the
 * withers pass that component's name to {@code Records.with} as a string, which the compiler cannot
 * check.
 */
class ConfigWithersTest {
  static Stream<Record> configs() {
    return Stream.of(
        CharLstmConfig.defaults(),
        ClassifierConfig.defaults(),
        RegressorConfig.defaults(),
        ForecasterConfig.defaults(),
        SequenceModelConfig.tokenIds(5, List.of("a", "b")),
        TrainerConfig.defaults(),
        LstmConfig.of(3, 4));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void eachWitherChangesOnlyItsComponent(Record config) throws Exception {
    List<String> checked = new ArrayList<>();
    for (RecordComponent component : config.getClass().getRecordComponents()) {
      String name = component.getName();
      String wither = "with" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
      Method method;
      try {
        method = config.getClass().getMethod(wither, component.getType());
      } catch (NoSuchMethodException none) {
        continue; // e.g. LstmConfig's initialisers change together through withInit
      }
      Object before = component.getAccessor().invoke(config);
      Object value = another(component.getType(), before);
      if (value == null) {
        continue; // a nested record or list: no generic second value
      }
      Record changed = (Record) method.invoke(config, value);
      for (RecordComponent other : config.getClass().getRecordComponents()) {
        Object expected = other.getName().equals(name) ? value : other.getAccessor().invoke(config);
        assertThat(other.getAccessor().invoke(changed))
            .as(wither + " → " + other.getName())
            .isEqualTo(expected);
      }
      checked.add(name);
    }
    assertThat(checked).isNotEmpty();
  }

  /** A valid value other than {@code current} for every config's ranges, or null. */
  private static Object another(Class<?> type, Object current) {
    if (type == int.class) {
      return (Integer) current + 1;
    } else if (type == long.class) {
      return (Long) current + 1;
    } else if (type == double.class) {
      return (Double) current + 0.01;
    } else if (type == boolean.class) {
      return !(Boolean) current;
    } else if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      return constants[0].equals(current) ? constants[1] : constants[0];
    }
    return null;
  }
}
