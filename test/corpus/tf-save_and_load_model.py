# Source: github.com/NJUleo/Software-Testing-Lab-ML buildModel.py; the TensorFlow "Save and load models" tutorial's model
#!/usr/bin/python3

# TensorFlow and tf.keras
import tensorflow as tf
from tensorflow import keras

# Helper libraries
import numpy as np
#import matplotlib.pyplot as plt

(train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.mnist.load_data()

# Define a simple sequential model
def create_model():
  model = tf.keras.models.Sequential([
    keras.layers.Dense(512, activation='relu', input_shape=(784,)),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(10, activation='softmax')
  ])

  model.compile(optimizer='adam',
                loss='sparse_categorical_crossentropy',
                metrics=['accuracy'])

  return model
if __name__ == "__main__":
  model = create_model()
  model.summary()
  model.fit(train_images, train_labels, epochs=10)
